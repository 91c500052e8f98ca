import Foundation
import Providers

/// Posts to a Slack incoming webhook: `{"text": "<subject>\n<one line per alert>"}`.
/// The URL holds Slack's token: it comes from a secret reference and is never logged.
public struct SlackSinkClient: AlertSinkClient {
    private let url: SecretValueBox
    private let delivery: HTTPAlertDelivery
    private let redactor: Redactor

    public init(name: String, url: String, client: HTTPClient) {
        self.url = SecretValueBox(url)
        self.delivery = HTTPAlertDelivery(client: client, label: "Slack webhook \"\(name)\"")
        self.redactor = Redactor(secrets: [url])   // the URL is the credential
    }

    public func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        try await delivery.post(url.value, json: Self.payload(batch), redactor: redactor)
    }

    public static func payload(_ batch: AlertBatch) -> Data {
        var lines = [AlertText.subject(batch)]
        for event in batch.events {
            let icon = event.status == .resolved ? ":white_check_mark:" : event.severity == .critical ? ":red_circle:" : ":warning:"
            lines.append("\(icon) *\(event.rule)* `\(event.instance)` \(event.resource): \(event.summary)")
        }
        return (try? JSONEncoder.alertPayload.encode(["text": lines.joined(separator: "\n")])) ?? Data("{}".utf8)
    }
}
