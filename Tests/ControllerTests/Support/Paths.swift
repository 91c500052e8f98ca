import Foundation
import Testing

/// Where the repository's files are, seen from a test.
enum Paths {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/ControllerTests/Fixtures")
}

/// Golden files: expected output kept in the repository and reviewed in diffs.
/// Run the tests with `SFRECONCILE_UPDATE_GOLDEN=1` to rewrite them from the current output.
enum Golden {
    static var isUpdating: Bool { ProcessInfo.processInfo.environment["SFRECONCILE_UPDATE_GOLDEN"] == "1" }

    static func expect(_ actual: String, matches name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let file = Paths.fixtures.appendingPathComponent(name)
        if isUpdating {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("golden file \(file.path) is missing; run with SFRECONCILE_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "output differs from \(name)", sourceLocation: sourceLocation)
    }
}
