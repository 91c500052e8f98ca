import Foundation
import Providers

/// Posts a JSON body for the HTTP sinks and turns the outcome into an `AlertDeliveryError`.
struct HTTPAlertDelivery: Sendable {
    let client: HTTPClient
    /// What the messages call the destination, e.g. `Alertmanager "ops"`.
    let label: String

    func post(_ url: String, json body: Data, headers extra: HTTPHeaders = [:], redactor: Redactor) async throws(AlertDeliveryError) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for field in extra { headers.add(field.name, field.value) }
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPRequest(method: "POST", url: url, headers: headers, body: body))
        } catch {
            let transient = error.kind != .invalidURL && error.kind != .cancelled
            throw AlertDeliveryError(transient: transient, "\(label): " + redactor.redact(error.message),
                                     advice: transient ? "will try again; check that the sink is reachable from the controller"
                                                       : "check the sink's url")
        }
        guard response.isSuccess else {
            let status = response.status
            let transient = status >= 500 || status == 429 || status == 408
            let detail = redactor.redact(String(response.text.prefix(200)))
            throw AlertDeliveryError(transient: transient, "\(label) answered HTTP \(status)" + (detail.isEmpty ? "" : ": \(detail)"),
                                     advice: transient ? "will try again" : status == 401 || status == 403
                                         ? "check the sink's credentials or token" : "check the sink's url and payload format")
        }
    }
}

extension JSONEncoder {
    /// Sorted keys and ISO 8601 dates with fractional seconds, for alert payloads.
    static var alertPayload: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(AlertTime.rfc3339(date))
        }
        return encoder
    }
}

/// RFC 3339 timestamps in UTC with milliseconds, as Alertmanager and most webhooks read them.
enum AlertTime {
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
