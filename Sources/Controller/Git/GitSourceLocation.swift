/// Where a spec repository lives: a repository on this host's file system, read in place,
/// or a remote URL, mirrored into a cache directory and fetched incrementally.
public enum GitSourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// A repository (working tree or bare) opened where it is; nothing is copied or fetched.
    case localPath(String)
    /// A repository reached over `file://`, `git://`, `http(s)://` or `ssh://` (or the
    /// scp-like `user@host:path`), mirrored into the cache.
    case remote(url: String)

    /// The schemes libgit2 as built by Debian can fetch from.
    public static let supportedSchemes: Set<String> = ["file", "git", "http", "https", "ssh"]

    /// Reads what a user typed after `--repo`: anything with a scheme or of the scp-like
    /// form `user@host:path` is a remote, anything else a local path.
    public init(parsing text: String) throws(GitError) {
        if let scheme = Self.scheme(of: text) {
            guard Self.supportedSchemes.contains(scheme) else {
                throw GitError(.invalidConfiguration,
                               "unsupported URL scheme \"\(scheme)\" in \(Self.redact(text))",
                               hint: "use file://, git://, http://, https:// or ssh://, or a local path")
            }
            self = .remote(url: text)
        } else if Self.isSCPLike(text) {
            self = .remote(url: text)
        } else {
            guard !text.isEmpty else {
                throw GitError(.invalidConfiguration, "the repository location is empty",
                               hint: "pass a local path or a URL to --repo")
            }
            self = .localPath(text)
        }
    }

    /// The location as it may be printed: a URL's user information (user and password or
    /// token) replaced by `***`.
    public var redacted: String {
        switch self {
        case .localPath(let path): return path
        case .remote(let url): return Self.redact(url)
        }
    }

    public var description: String { redacted }

    /// True for URLs that carry a password or token in their user information, which
    /// sfreconcile refuses: credentials are given by reference only.
    var hasInlinePassword: Bool {
        guard case .remote(let url) = self, Self.scheme(of: url) != nil,
              let userinfo = Self.userinfo(of: url) else { return false }
        return userinfo.contains(":")
    }

    /// The user name written in the URL (`ssh://git@host/…`, `git@host:…`), if any.
    var userName: String? {
        guard case .remote(let url) = self else { return nil }
        if Self.scheme(of: url) == nil {
            guard let at = url.firstIndex(of: "@"), let colon = url.firstIndex(of: ":"), at < colon else { return nil }
            return String(url[..<at])
        }
        guard let userinfo = Self.userinfo(of: url) else { return nil }
        let user = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        return user?.isEmpty == false ? user : nil
    }

    /// The host and port of a remote URL, as `known_hosts` names them.
    var hostAndPort: (host: String, port: Int?)? {
        guard case .remote(let url) = self else { return nil }
        if Self.scheme(of: url) == nil {
            guard let colon = url.firstIndex(of: ":") else { return nil }
            var host = String(url[..<colon])
            if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
            return (host, nil)
        }
        guard let authority = Self.authority(of: url) else { return nil }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? authority
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let rest = hostPort[hostPort.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        let parts = hostPort.split(separator: ":", maxSplits: 1)
        return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) : nil)
    }

    /// The URL in the form used to name its cache entry: no user information, scheme and
    /// host in lower case, no trailing slash. Two spellings of one repository share a cache.
    var normalizedURL: String {
        switch self {
        case .localPath(let path): return path
        case .remote(let url):
            var text = url
            while text.hasSuffix("/") { text.removeLast() }
            guard let scheme = Self.scheme(of: text), let authority = Self.authority(of: text) else {
                // scp-like: user@host:path
                if let at = text.firstIndex(of: "@"), let colon = text.firstIndex(of: ":"), at < colon {
                    return "ssh://" + text[text.index(after: at)..<colon].lowercased() + "/" + text[text.index(after: colon)...]
                }
                return text
            }
            let hostPort = authority.split(separator: "@").last.map(String.init) ?? authority
            let rest = text.dropFirst(scheme.count + 3 + authority.count)
            return scheme + "://" + hostPort.lowercased() + rest
        }
    }

    // MARK: URL pieces (no Foundation URL: scp-like forms and IPv6 hosts must round-trip)

    static func scheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        return scheme.lowercased()
    }

    static func isSCPLike(_ text: String) -> Bool {
        // git@host:path — a colon before any slash, not a Windows drive letter, not a path.
        guard let colon = text.firstIndex(of: ":"), !text.hasPrefix("/"), !text.hasPrefix(".") else { return false }
        let before = text[..<colon]
        return before.count > 1 && !before.contains("/")
    }

    static func authority(of url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        let afterScheme = url[range.upperBound...]
        return String(afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }

    static func userinfo(of url: String) -> String? {
        guard let authority = authority(of: url), let at = authority.lastIndex(of: "@") else { return nil }
        return String(authority[..<at])
    }

    /// `url` with its user information replaced by `***`; text that is not a URL unchanged.
    public static func redact(_ url: String) -> String {
        guard let range = url.range(of: "://"), let authority = authority(of: url),
              let at = authority.lastIndex(of: "@") else { return url }
        let host = authority[authority.index(after: at)...]
        return String(url[..<range.upperBound]) + "***@" + host + url[range.upperBound...].dropFirst(authority.count)
    }
}
