import Foundation

/// What the dispatcher has sent, as a value the state store can persist and hand back
/// after a restart, so a restart neither repeats every alert nor forgets to resolve one.
/// Versioned: a store that finds another `version` starts afresh.
public struct AlertDispatcherState: Sendable, Hashable, Codable {
    public static let currentVersion = 1

    /// One alert that is firing as far as the sinks know.
    public struct Active: Sendable, Hashable, Codable {
        /// The finding id (`Finding.id`) the alert stands for.
        public var findingID: String
        /// The event as last sent (status firing).
        public var event: AlertEvent
        /// Per sink name: when a firing notice was last handed to that sink.
        public var sentTo: [String: Date]

        public init(findingID: String, event: AlertEvent, sentTo: [String: Date]) {
            self.findingID = findingID
            self.event = event
            self.sentTo = sentTo
        }
    }

    public var version: Int
    /// Firing alerts by fingerprint.
    public var active: [String: Active]
    /// Batches not yet delivered, per sink name, oldest first.
    public var pending: [String: [AlertBatch]]

    public init(active: [String: Active] = [:], pending: [String: [AlertBatch]] = [:]) {
        self.version = Self.currentVersion
        self.active = active
        self.pending = pending
    }
}

/// How one sink is doing, for `/api/v1/status` and `notify`.
public struct AlertSinkStatus: Sendable, Hashable, Codable {
    public var name: String
    public var kind: String
    /// Batches waiting (not counting one being sent).
    public var queued: Int
    public var delivered: Int
    public var failed: Int
    public var dropped: Int
    public var lastSuccess: Date?
    /// The last failure, redacted.
    public var lastError: String?
}
