import Foundation
import Providers
import TestSupport

/// What the Python fakes report about themselves, read through our own HTTP client.
extension Peer {
    /// The counters a fake serves at `/_stats`.
    func stats() async throws -> [String: Int] {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(5)))
        let response = try await client.send(HTTPRequest(url: baseURL + "/_stats"))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
    }

    /// A JSON document a fake serves (e.g. `/_hook`).
    func json(_ path: String) async throws -> Any {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(5)))
        return try JSONSerialization.jsonObject(with: try await client.send(HTTPRequest(url: baseURL + path)).body)
    }
}
