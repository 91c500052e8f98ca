import Crypto
import Foundation
import Spec

/// One alert as the sinks see it: firing (the finding is violated now) or resolved (it
/// cleared). Built by `AlertDispatcher` from a plan's `Alert`s; every text in it has
/// passed the redactor.
public struct AlertEvent: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case firing, resolved
    }

    /// Stable across reconciles: 16 hex digits of SHA-256 over the finding's id
    /// (`<instance>:<rule>:<address>[:<check>]`), so the same problem is one alert.
    public var fingerprint: String
    public var status: Status
    /// The rule id, e.g. `BAK-2`; Alertmanager's `alertname`.
    public var rule: String
    public var severity: Severity
    public var instance: String
    /// The resource address the finding is about.
    public var resource: String
    /// The finding's message, one sentence.
    public var summary: String
    /// Why no action fixes it, and which rule, in a sentence.
    public var description: String
    /// When the controller first saw the alert firing.
    public var startsAt: Date
    /// When it resolved; nil while firing.
    public var endsAt: Date?
    /// A link back to the controller's status page, when one is configured.
    public var generatorURL: String?

    public init(fingerprint: String, status: Status, rule: String, severity: Severity, instance: String, resource: String,
                summary: String, description: String, startsAt: Date, endsAt: Date? = nil, generatorURL: String? = nil) {
        self.fingerprint = fingerprint
        self.status = status
        self.rule = rule
        self.severity = severity
        self.instance = instance
        self.resource = resource
        self.summary = summary
        self.description = description
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The fingerprint of the alert with finding id `id`.
    public static func fingerprint(ofFindingID id: String) -> String {
        // swift-crypto's SHA-256 (BoringSSL): a plan may carry thousands of alerts.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(16)
        for byte in Crypto.SHA256.hash(data: Array(id.utf8)).prefix(8) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

/// What one call of a sink carries: the events of one reconcile that this sink accepts.
public struct AlertBatch: Sendable, Hashable, Codable {
    public var events: [AlertEvent]
    /// When the dispatcher made the batch; sinks that need "now" (Alertmanager's endsAt
    /// for firing alerts, the mail's Date header) use it, so retries send the same thing.
    public var createdAt: Date

    public init(events: [AlertEvent], createdAt: Date) {
        self.events = events
        self.createdAt = createdAt
    }

    public var firing: [AlertEvent] { events.filter { $0.status == .firing } }
    public var resolved: [AlertEvent] { events.filter { $0.status == .resolved } }
}
