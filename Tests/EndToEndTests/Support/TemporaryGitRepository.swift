import Foundation
import Testing

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
        _ = try git("init", "--quiet", "--initial-branch=main")
        _ = try git("add", "--all")
        _ = try git("commit", "--quiet", "-m", "spec")
    }

    /// Runs git in the repository and returns what it printed, trimmed.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "git \(arguments) failed")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
