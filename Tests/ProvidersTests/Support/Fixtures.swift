import Foundation
import TestSupport

/// Files under Tests/ProvidersTests/Fixtures.
enum Fixtures {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw PeerError("no fixture \(name)")
        }
        return try Data(contentsOf: url)
    }
}
