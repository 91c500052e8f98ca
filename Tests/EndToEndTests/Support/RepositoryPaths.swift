import Foundation

/// Where the repository's files and the built `sfreconcile` binary are, seen from a test.
enum RepositoryPaths {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = root.appendingPathComponent("Tests/EndToEndTests/Fixtures")
    static let examples = root.appendingPathComponent("examples")

    /// The `sfreconcile` executable built next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sfreconcile")
    }
}
