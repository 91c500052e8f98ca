import Foundation

/// Everything needed to read a spec from Git: where the repository is, which ref to follow,
/// which directory (or file) inside it holds the spec, how to authenticate, and where to
/// keep the cache. A plain value; nothing is opened until a ``GitRepositoryCache`` uses it.
public struct GitSourceConfiguration: Sendable, Hashable {
    public var location: GitSourceLocation
    public var ref: GitReference
    /// The directory or file inside the repository, without a leading slash; empty for the
    /// repository's root.
    public var path: String
    public var credentials: GitCredentials
    /// The directory holding one bare mirror per remote URL.
    public var cacheDirectory: String
    /// The longest a fetch may transfer data for. libgit2 1.5 has no connect timeout of its
    /// own; a server that accepts a connection and never answers is only cut off once data
    /// flows (see docs/git-source.md).
    public var timeout: Duration
    /// The process environment credentials by reference are looked up in.
    public var environment: [String: String]
    /// When set, a commit is used only if it carries a signature this policy allows.
    public var verification: GitSignaturePolicy?

    public init(
        location: GitSourceLocation, ref: GitReference = .defaultBranch, path: String = "",
        credentials: GitCredentials = .none, cacheDirectory: String,
        timeout: Duration = .seconds(120), environment: [String: String] = ProcessInfo.processInfo.environment,
        verification: GitSignaturePolicy? = nil
    ) {
        self.location = location
        self.ref = ref
        self.path = path
        self.credentials = credentials
        self.cacheDirectory = cacheDirectory
        self.timeout = timeout
        self.environment = environment
        self.verification = verification
    }

    /// The default cache directory: `$XDG_CACHE_HOME/sfreconcile/git`, else
    /// `$HOME/.cache/sfreconcile/git`.
    public static func defaultCacheDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return xdg + "/sfreconcile/git"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/sfreconcile/git"
    }

    /// The path inside the repository in the form trees are searched by: no leading `./`
    /// or `/`, no trailing `/`, `.` meaning the root. Rejects `..` and empty segments.
    public static func normalizedPath(_ path: String) throws(GitError) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                throw GitError(.invalidConfiguration, "the path \"\(path)\" leaves the repository",
                               hint: "give a path inside the repository, such as specs or specs/acme.yaml")
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// Checks the configuration as far as it can be checked without network traffic.
    public func validate() throws(GitError) {
        if location.hasInlinePassword {
            throw GitError(.invalidConfiguration,
                           "the repository URL \(location.redacted) carries a password or token",
                           hint: "remove it from the URL and pass it by reference with --token-env NAME or --token-file PATH")
        }
        _ = try Self.normalizedPath(path)
        try credentials.validate(environment: environment)
    }
}
