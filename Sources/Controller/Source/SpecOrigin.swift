/// Where a loaded spec came from: a directory, or a revision of a Git repository. Plans,
/// status and validation output carry it, so a result always names what it was computed from.
public enum SpecOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A file or directory on this host.
    case directory(String)
    /// A path inside a repository at one commit. `repository` is the location with any
    /// user information redacted; `path` is empty for the repository's root.
    case git(repository: String, revision: GitRevision, path: String)

    /// The Git revision, when the spec came from Git.
    public var revision: GitRevision? {
        if case .git(_, let revision, _) = self { return revision }
        return nil
    }

    /// `specs/ at main@sha1:… of https://…` or the directory's path.
    public var description: String {
        switch self {
        case .directory(let path): return path
        case .git(let repository, let revision, let path):
            return "\(path.isEmpty ? "/" : path) at \(revision) of \(repository)"
        }
    }
}
