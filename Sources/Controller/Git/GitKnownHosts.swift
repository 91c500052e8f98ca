import Crypto
import Foundation

/// The SSH host keys a Git source trusts, read from an OpenSSH `known_hosts` file.
///
/// libgit2 1.5 does not check SSH host keys itself; without this check any server could
/// answer for the repository and hand the controller a spec of its choosing. Plain,
/// bracketed (`[host]:port`), wildcard and hashed (`|1|salt|hash`) host patterns are
/// understood, as are `@revoked` lines; `@cert-authority` lines are not (certificates are
/// not offered by libgit2's callback).
struct GitKnownHosts {
    /// How a host's offered key compares with the file.
    enum Verdict: Equatable {
        case trusted
        /// The host is listed, but with other keys: a changed key or an attack.
        case mismatch
        /// The host is not listed at all.
        case unknown
        case revoked
    }

    private struct Entry {
        var patterns: [String]
        var key: [UInt8]
        var revoked: Bool
    }

    private var entries: [Entry] = []

    /// Parses the content of a `known_hosts` file; lines that cannot be read are skipped,
    /// as OpenSSH skips them.
    init(contents: String) {
        for rawLine in contents.split(whereSeparator: \.isNewline) {
            var fields = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var revoked = false
            if first.hasPrefix("@") {
                guard first == "@revoked" else { continue }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { continue }
            entries.append(Entry(patterns: fields[0].split(separator: ",").map(String.init), key: [UInt8](key), revoked: revoked))
        }
    }

    /// Looks up `host` (and a port other than 22) and compares `key`, the raw host key
    /// blob in SSH wire format as the server offered it.
    func verify(host: String, port: Int?, key: [UInt8]) -> Verdict {
        let name = (port == nil || port == 22) ? host : "[\(host)]:\(port!)"
        var listed = false
        for entry in entries where Self.matches(name, patterns: entry.patterns) {
            if entry.revoked {
                if entry.key == key { return .revoked }
                continue
            }
            listed = true
            if entry.key == key { return .trusted }
        }
        return listed ? .mismatch : .unknown
    }

    /// OpenSSH's rule: a host matches when some pattern matches and no negated one does.
    static func matches(_ name: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("|1|") {
                if hashedMatch(name, pattern) { matched = true }
            } else if pattern.hasPrefix("!") {
                if Glob.matches(String(pattern.dropFirst()).lowercased(), name.lowercased()) { return false }
            } else if Glob.matches(pattern.lowercased(), name.lowercased()) {
                matched = true
            }
        }
        return matched
    }

    private static func hashedMatch(_ name: String, _ pattern: String) -> Bool {
        let parts = pattern.dropFirst(3).split(separator: "|")
        guard parts.count == 2, let salt = Data(base64Encoded: String(parts[0])),
              let hash = Data(base64Encoded: String(parts[1])) else { return false }
        // SHA-1 only matches OpenSSH's hashed host names here; it protects nothing.
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))) == hash
    }
}
