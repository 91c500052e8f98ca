import Foundation

/// A throwaway Git setup in a temporary directory: a bare "server" repository
/// (`srv/specs.git`), a working clone that commits and pushes to it (`work/`), and an
/// empty cache directory. Built with the git CLI, which stands for any Git host.
public final class GitFixture {
    public let root: String
    public let serverRoot: String
    public let origin: String
    public let work: String
    public let cacheDirectory: String

    public init() throws {
        root = FileManager.default.temporaryDirectory.path + "/sfreconcile-git-\(UUID().uuidString.prefix(8))"
        serverRoot = root + "/srv"
        origin = serverRoot + "/specs.git"
        work = root + "/work"
        cacheDirectory = root + "/cache"
        try FileManager.default.createDirectory(atPath: serverRoot, withIntermediateDirectories: true)
        try Shell.git("init", "--quiet", "--bare", "--initial-branch=main", origin, in: root)
        try Shell.git("init", "--quiet", "--initial-branch=main", work, in: root)
        try Shell.git("remote", "add", "origin", origin, in: work)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `file://` URL of the server repository.
    public var fileURL: String { "file://" + origin }

    /// Writes `files` (path → content; nil deletes) into the working clone, commits, and
    /// pushes the current branch. Returns the new commit's SHA.
    @discardableResult
    public func commit(_ files: [String: String?], message: String = "change", push: Bool = true) throws -> String {
        for (path, content) in files {
            let full = work + "/" + path
            if let content {
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try content.write(toFile: full, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(atPath: full)
            }
        }
        try Shell.git("add", "--all", in: work)
        try Shell.git("commit", "--quiet", "--allow-empty", "-m", message, in: work)
        if push { try Shell.git("push", "--quiet", "--force", "origin", "HEAD", in: work) }
        return try head()
    }

    public func head() throws -> String { try Shell.git("rev-parse", "HEAD", in: work) }

    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try Shell.run(["git"] + arguments, in: work)
    }
}
