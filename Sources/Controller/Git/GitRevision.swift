import Foundation

/// One commit a spec was read from, written as Flux writes revisions: `main@sha1:<40 hex>`
/// for a branch, `v1.2@sha1:<40 hex>` for a tag, `sha1:<40 hex>` for a pinned or detached
/// commit. Plans, status and validation output carry it, so every result names the exact
/// commit it came from.
public struct GitRevision: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The branch or tag the commit was reached through (`main`, `v1.2`, `refs/pull/7/head`),
    /// or nil for a commit named by SHA.
    public var refName: String?
    /// The commit's full SHA-1, 40 lower-case hex digits.
    public var sha: String

    public init(refName: String?, sha: String) {
        self.refName = refName
        self.sha = sha.lowercased()
    }

    /// Reads `name@sha1:<40 hex>` or `sha1:<40 hex>`; nil for anything else.
    public init?(parsing text: String) {
        let name: String?
        let hash: Substring
        if let at = text.range(of: "@sha1:", options: .backwards) {
            name = String(text[..<at.lowerBound])
            hash = text[at.upperBound...]
            if name?.isEmpty == true { return nil }
        } else if text.hasPrefix("sha1:") {
            name = nil
            hash = text.dropFirst(5)
        } else {
            return nil
        }
        guard hash.count == 40, Self.isHex(hash) else { return nil }
        self.init(refName: name, sha: String(hash))
    }

    /// `main@sha1:<sha>` or `sha1:<sha>`.
    public var description: String {
        refName.map { "\($0)@sha1:\(sha)" } ?? "sha1:\(sha)"
    }

    /// The first 12 hex digits, for narrow displays; the full form stays in JSON.
    public var shortSHA: String { String(sha.prefix(12)) }

    /// The revision with a 12-digit SHA, for headings (`main@sha1:0123456789ab`).
    public var abbreviated: String {
        refName.map { "\($0)@sha1:\(shortSHA)" } ?? "sha1:\(shortSHA)"
    }

    static func isHex<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// How a full ref name is shown in a revision: `refs/heads/main` → `main`,
    /// `refs/tags/v1` → `v1`, `refs/remotes/origin/main` → `origin/main`, others as they are.
    static func displayName(ofRef name: String) -> String {
        for prefix in ["refs/heads/", "refs/tags/", "refs/remotes/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
