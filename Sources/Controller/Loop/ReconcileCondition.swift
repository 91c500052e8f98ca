import Foundation

/// One condition of the controller's status: `Ready` is always present; `Reconciling` and
/// `Stalled` are "abnormal-true" conditions that exist only while they hold.
public typealias ReconcileCondition = StatusCondition<ReconcileConditionKind, ReconcileConditionReason>

/// The condition types of the controller's status.
public enum ReconcileConditionKind: String, Sendable, Hashable, Codable {
    /// True when the last reconcile planned a complete estate and every action it could run
    /// succeeded.
    case ready = "Ready"
    /// Present while a reconcile runs, or while the controller retries after a failure.
    case reconciling = "Reconciling"
    /// Present when retrying cannot help until the spec, the configuration or the credentials
    /// change.
    case stalled = "Stalled"
}

/// Why a condition of the controller's status has its status (CamelCase, as Flux writes them).
public enum ReconcileConditionReason: String, Sendable, Hashable, Codable {
    case reconciliationSucceeded = "ReconciliationSucceeded"
    case progressing = "Progressing"
    case progressingWithRetry = "ProgressingWithRetry"
    case sourceNotReady = "SourceNotReady"
    case planIncomplete = "PlanIncomplete"
    case actionFailed = "ActionFailed"
    case reconciliationFailed = "ReconciliationFailed"
    case invalidConfiguration = "InvalidConfiguration"
}
