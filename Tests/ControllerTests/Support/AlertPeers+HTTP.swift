import Foundation
import Providers
import TestSupport

/// What the alert peers received, read over HTTP with the project's own client.
enum AlertPeerHTTP {
    static func client() throws -> HTTPClient {
        try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(10)), warn: { _ in })
    }
}

extension CaptureServer {
    /// The requests recorded so far.
    func captured() async throws -> [Request] {
        let response = try await AlertPeerHTTP.client().send(HTTPRequest(url: url("/_captured")))
        return try JSONDecoder().decode([Request].self, from: response.body)
    }
}

extension AlertmanagerPeer {
    /// `GET /api/v2/alerts`: the alerts Alertmanager holds as not resolved.
    func alerts() async throws -> [[String: Any]] {
        let response = try await AlertPeerHTTP.client().send(HTTPRequest(url: baseURL + "/api/v2/alerts"))
        return try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
    }
}
