import Foundation
import Testing

/// Golden files: expected output kept in the repository and reviewed in diffs.
/// Run the tests with `SFRECONCILE_UPDATE_GOLDEN=1` to rewrite them from the current output.
public enum Golden {
    /// True when the tests run to rewrite the golden files.
    public static var isUpdating: Bool { ProcessInfo.processInfo.environment["SFRECONCILE_UPDATE_GOLDEN"] == "1" }

    /// Expects `actual` to equal the content of `file`, or writes it when updating.
    public static func expect(_ actual: String, matches file: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        if isUpdating {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("golden file \(file.path) is missing; run with SFRECONCILE_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "output differs from \(file.lastPathComponent)", sourceLocation: sourceLocation)
    }
}
