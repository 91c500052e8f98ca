import Foundation
import TestSupport

/// The end-to-end tests' fixtures, the examples and the built `sfreconcile` binary.
extension RepositoryPaths {
    static let fixtures = root.appendingPathComponent("Tests/EndToEndTests/Fixtures")
    static let examples = root.appendingPathComponent("examples")

    /// The `sfreconcile` executable built next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sfreconcile")
    }
}
