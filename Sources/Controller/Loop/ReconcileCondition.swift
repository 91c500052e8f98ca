import Foundation

/// One condition of the controller's status, in the shape Flux and Kubernetes use: `Ready`
/// is always present; `Reconciling` and `Stalled` are "abnormal-true" conditions that exist
/// only while they hold.
public struct ReconcileCondition: Sendable, Hashable, Codable {
    /// The condition types.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// True when the last reconcile planned a complete estate and every action it could
        /// run succeeded.
        case ready = "Ready"
        /// Present while a reconcile runs, or while the controller retries after a failure.
        case reconciling = "Reconciling"
        /// Present when retrying cannot help until the spec, the configuration or the
        /// credentials change.
        case stalled = "Stalled"
    }

    /// Why a condition has its status (CamelCase constants, as Flux writes them).
    public enum Reason: String, Sendable, Hashable, Codable {
        case reconciliationSucceeded = "ReconciliationSucceeded"
        case progressing = "Progressing"
        case progressingWithRetry = "ProgressingWithRetry"
        case sourceNotReady = "SourceNotReady"
        case planIncomplete = "PlanIncomplete"
        case actionFailed = "ActionFailed"
        case reconciliationFailed = "ReconciliationFailed"
        case invalidConfiguration = "InvalidConfiguration"
    }

    public var kind: Kind
    public var status: Bool
    public var reason: Reason
    public var message: String
    /// When `status` or `reason` last changed.
    public var lastTransitionTime: Date

    public init(kind: Kind, status: Bool, reason: Reason, message: String, lastTransitionTime: Date) {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}
