import Foundation
import Providers

/// Posts sfreconcile's own JSON to any HTTP endpoint, signed when a secret is set:
///
///     POST <url>
///     Content-Type: application/json
///     X-Sfreconcile-Event: alerts
///     X-Sfreconcile-Signature-256: sha256=<hex HMAC-SHA256 of the body under the secret>
///
///     {"version":"1","sender":"sfreconcile","firing":1,"resolved":0,"alerts":[{…AlertEvent…}]}
///
/// The receiver recomputes the HMAC over the raw body and compares in constant time
/// (docs/alerts.md).
public struct WebhookSinkClient: AlertSinkClient {
    private let url: String
    private let secret: SecretValueBox?
    private let delivery: HTTPAlertDelivery
    private let redactor: Redactor

    public init(name: String, url: String, secret: String?, client: HTTPClient, redactor: Redactor = Redactor()) {
        self.url = url
        self.secret = secret.map(SecretValueBox.init)
        self.delivery = HTTPAlertDelivery(client: client, label: "webhook \"\(name)\"")
        self.redactor = redactor
    }

    public func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        let body = Self.payload(batch)
        var headers: HTTPHeaders = ["X-Sfreconcile-Event": "alerts"]
        if let secret { headers.add(HMACSignature.header, HMACSignature.prefixed(body, key: Array(secret.value.utf8))) }
        try await delivery.post(url, json: body, headers: headers, redactor: redactor)
    }

    /// The signed JSON document.
    public static func payload(_ batch: AlertBatch) -> Data {
        let document = Document(version: "1", sender: "sfreconcile", sentAt: batch.createdAt, firing: batch.firing.count,
                                resolved: batch.resolved.count, alerts: batch.events)
        return (try? JSONEncoder.alertPayload.encode(document)) ?? Data("{}".utf8)
    }

    struct Document: Encodable {
        var version: String
        var sender: String
        var sentAt: Date
        var firing: Int
        var resolved: Int
        var alerts: [AlertEvent]
    }
}

/// A secret held by a sink; prints as `<redacted>` should it ever be logged.
struct SecretValueBox: Sendable, CustomStringConvertible {
    let value: String
    init(_ value: String) { self.value = value }
    var description: String { "<redacted>" }
}
