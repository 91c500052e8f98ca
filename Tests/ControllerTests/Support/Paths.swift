import Foundation
import Testing
import TestSupport

/// Where this test target's golden files and fixtures are.
enum Paths {
    static let root = RepositoryPaths.root
    static let fixtures = root.appendingPathComponent("Tests/ControllerTests/Fixtures")
}

extension Golden {
    /// Expects `actual` to equal the golden file `file` under Tests/ControllerTests/Fixtures.
    static func expect(_ actual: String, matches file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expect(actual, matches: Paths.fixtures.appendingPathComponent(file), sourceLocation: sourceLocation)
    }
}
