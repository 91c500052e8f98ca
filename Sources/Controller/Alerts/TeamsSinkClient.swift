import Foundation
import Providers

/// Posts an Adaptive Card to a Microsoft Teams Workflows webhook ("Post to a channel when a
/// webhook request is received"): a `message` with one
/// `application/vnd.microsoft.card.adaptive` attachment holding a title and a FactSet per
/// alert. The URL carries a signature (`sig=`): it comes from a secret reference.
public struct TeamsSinkClient: AlertSinkClient {
    private let url: SecretValueBox
    private let delivery: HTTPAlertDelivery
    private let redactor: Redactor

    public init(name: String, url: String, client: HTTPClient) {
        self.url = SecretValueBox(url)
        self.delivery = HTTPAlertDelivery(client: client, label: "Teams workflow \"\(name)\"")
        self.redactor = Redactor(secrets: [url])
    }

    public func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        try await delivery.post(url.value, json: Self.payload(batch), redactor: redactor)
    }

    public static func payload(_ batch: AlertBatch) -> Data {
        var body: [JSONAny] = [
            .object(["type": .string("TextBlock"), "text": .string(AlertText.subject(batch)), "weight": .string("Bolder"),
                     "size": .string("Medium"), "wrap": .bool(true)]),
        ]
        for event in batch.events {
            let color = event.status == .resolved ? "Good" : event.severity == .critical ? "Attention" : "Warning"
            body.append(.object(["type": .string("TextBlock"), "text": .string(AlertText.line(event)), "wrap": .bool(true),
                                 "color": .string(color), "separator": .bool(true)]))
            body.append(.object(["type": .string("FactSet"), "facts": .array([
                fact("Rule", event.rule), fact("Severity", event.severity.rawValue), fact("Instance", event.instance),
                fact("Resource", event.resource), fact("Since", AlertTime.rfc3339(event.startsAt)),
                fact("Why", event.description),
            ])]))
        }
        let card: JSONAny = .object([
            "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"), "type": .string("AdaptiveCard"),
            "version": .string("1.4"), "body": .array(body),
        ])
        let message: JSONAny = .object([
            "type": .string("message"),
            "attachments": .array([.object(["contentType": .string("application/vnd.microsoft.card.adaptive"),
                                            "contentUrl": .null, "content": card])]),
        ])
        return (try? JSONEncoder.alertPayload.encode(message)) ?? Data("{}".utf8)
    }

    private static func fact(_ title: String, _ value: String) -> JSONAny {
        .object(["title": .string(title), "value": .string(value)])
    }
}

/// A small JSON value for payloads whose shape is not one Swift type (adaptive cards).
enum JSONAny: Encodable, Sendable {
    case string(String), bool(Bool), null
    indirect case array([JSONAny])
    indirect case object([String: JSONAny])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let pairs): try container.encode(pairs)
        }
    }
}
