import Foundation

/// A throwaway Git setup in a temporary directory: a bare "server" repository
/// (`srv/specs.git`), a working clone that commits and pushes to it (`work/`), and an
/// empty cache directory. Built with the git CLI, which stands for any Git host.
final class GitFixture {
    let root: String
    let serverRoot: String
    let origin: String
    let work: String
    let cacheDirectory: String

    init() throws {
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
    var fileURL: String { "file://" + origin }

    /// Writes `files` (path → content; nil deletes) into the working clone, commits, and
    /// pushes the current branch. Returns the new commit's SHA.
    @discardableResult
    func commit(_ files: [String: String?], message: String = "change", push: Bool = true) throws -> String {
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

    func head() throws -> String { try Shell.git("rev-parse", "HEAD", in: work) }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try Shell.run(["git"] + arguments, in: work)
    }
}

/// Spec file contents for tests.
enum SpecText {
    /// A valid spec defining one site.
    static func site(_ name: String, _ description: String = "a site") -> String {
        """
        apiVersion: sfreconcile/v1
        sites:
          \(name): { description: "\(description)" }

        """
    }

    /// A spec with an unknown key (error on line 3).
    static let invalid = """
        apiVersion: sfreconcile/v1
        sites:
          broken: { descripton: "typo" }

        """
}
