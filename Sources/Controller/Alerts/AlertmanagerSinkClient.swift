import Foundation
import Providers

/// Posts alerts to a Prometheus Alertmanager through its v2 API (`POST /api/v2/alerts`).
///
/// Labels: `alertname` (the rule id), `instance`, `severity`, `resource`, `fingerprint`,
/// `source="sfreconcile"`. Annotations: `summary`, `description`. A firing alert is sent
/// with `endsAt` one `validity` after the batch, so Alertmanager resolves it by itself if
/// the controller stops re-posting; a resolved one with `endsAt` at its resolution.
public struct AlertmanagerSinkClient: AlertSinkClient {
    public let baseURL: String
    /// How long a firing alert stays firing in Alertmanager without a re-post; longer than
    /// the dispatcher's repost interval (three of them by default).
    public let validity: Duration
    private let delivery: HTTPAlertDelivery
    private let redactor: Redactor

    public init(name: String, baseURL: String, client: HTTPClient, validity: Duration = .seconds(180), redactor: Redactor = Redactor()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.validity = validity
        self.delivery = HTTPAlertDelivery(client: client, label: "Alertmanager \"\(name)\"")
        self.redactor = redactor
    }

    public func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        try await delivery.post(baseURL + "/api/v2/alerts", json: Self.payload(batch, validity: validity), redactor: redactor)
    }

    /// The JSON array Alertmanager's API takes.
    public static func payload(_ batch: AlertBatch, validity: Duration) -> Data {
        let firingEnd = batch.createdAt.addingTimeInterval(Double(validity.components.seconds))
        let alerts = batch.events.map { event in
            PostableAlert(
                labels: [
                    "alertname": event.rule, "instance": event.instance, "severity": event.severity.rawValue,
                    "resource": event.resource, "fingerprint": event.fingerprint, "source": "sfreconcile",
                ],
                annotations: ["summary": event.summary, "description": event.description],
                startsAt: event.startsAt,
                endsAt: event.status == .resolved ? (event.endsAt ?? batch.createdAt) : firingEnd,
                generatorURL: event.generatorURL)
        }
        return (try? JSONEncoder.alertPayload.encode(alerts)) ?? Data("[]".utf8)
    }

    /// Alertmanager's `postableAlert`.
    struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: Date
        var endsAt: Date
        var generatorURL: String?
    }
}
