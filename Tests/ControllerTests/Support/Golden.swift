import Foundation
import Testing

/// Golden files: expected output kept in the repository and reviewed in diffs.
/// Run the tests with `SFRECONCILE_UPDATE_GOLDEN=1` to rewrite them from the current output.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["SFRECONCILE_UPDATE_GOLDEN"] == "1" }

    /// Expects `actual` to equal the content of `file` (under Fixtures/), or writes it when updating.
    static func expect(_ actual: String, matches file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(file)
        if isUpdating {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(url.path) is missing; run with SFRECONCILE_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "output differs from \(file)", sourceLocation: sourceLocation)
    }
}
