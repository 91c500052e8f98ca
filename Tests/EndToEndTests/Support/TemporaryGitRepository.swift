import Foundation
import TestSupport

/// A Git repository in a temporary folder, made with the git CLI for a test and removed by
/// `remove()` (call it in a `defer`).
struct TemporaryGitRepository {
    let root: URL

    /// A new repository on branch `main` holding `files` (repository path → source file), committed.
    init(files: [String: URL]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-git-\(UUID().uuidString)")
        for (path, source) in files {
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        }
        try git("init", "--quiet", "--initial-branch=main")
        try git("add", "--all")
        try git("commit", "--quiet", "-m", "spec")
    }

    /// Runs git in the repository (without the user's configuration, see `Shell`) and returns
    /// what it printed, trimmed.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try Shell.run(["git"] + arguments, in: root.path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
