import Spec

/// Delivers alert batches to one destination (Alertmanager, a webhook, Slack, Teams, mail).
/// One requirement, so a new kind of sink is one small type. Calls may be repeated with the
/// same batch after a failure: a sink must accept a batch twice without harm beyond a
/// duplicate message.
public protocol AlertSinkClient: Sendable {
    /// Sends `batch`; returns when the destination accepted it.
    /// - Throws: `AlertDeliveryError`, saying whether trying again may help.
    func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError)
}

/// Why a sink did not take a batch. Reads as advice; never holds a secret.
public struct AlertDeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether another try later may succeed (no connection, timeout, 5xx, 429) or not
    /// (400, 401, 404: the configuration is wrong).
    public var isTransient: Bool
    public var message: String
    public var advice: String

    public init(transient: Bool, _ message: String, advice: String) {
        self.isTransient = transient
        self.message = message
        self.advice = advice
    }

    public var description: String { message + " — " + advice }
}

/// A sink client with the settings the dispatcher applies to it.
public struct ConfiguredAlertSink: Sendable {
    /// The sink's name in the spec; state and metrics are kept under it.
    public var name: String
    /// `alertmanager`, `webhook`, `teams`, `slack`, `smtp`: the metric label.
    public var kind: String
    /// Less severe alerts are not sent here.
    public var minimumSeverity: Severity
    /// Whether firing alerts are sent again on every repost interval while they fire
    /// (Alertmanager needs it, or it resolves them itself); chat and mail sinks get an
    /// alert once when it starts firing and once when it resolves.
    public var repostsWhileFiring: Bool
    public var client: any AlertSinkClient

    public init(name: String, kind: String, minimumSeverity: Severity, repostsWhileFiring: Bool = false,
                client: any AlertSinkClient) {
        self.name = name
        self.kind = kind
        self.minimumSeverity = minimumSeverity
        self.repostsWhileFiring = repostsWhileFiring
        self.client = client
    }
}
