import Foundation

/// One condition of a status, in the shape Kubernetes and Flux use: a type, whether it holds,
/// a CamelCase reason, a sentence, and when status or reason last changed. Shared by the Git
/// source's status (``GitSourceCondition``) and the controller's (``ReconcileCondition``),
/// which differ only in their kinds and reasons.
public struct StatusCondition<ConditionKind, ConditionReason>: Sendable, Hashable, Codable
where ConditionKind: RawRepresentable & Sendable & Hashable & Codable, ConditionKind.RawValue == String,
      ConditionReason: RawRepresentable & Sendable & Hashable & Codable, ConditionReason.RawValue == String {
    /// The condition types (`Ready`, …).
    public typealias Kind = ConditionKind
    /// The reasons the conditions give.
    public typealias Reason = ConditionReason

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

    /// The condition `kind` as of `now`, keeping the transition time of the same condition in
    /// `previous` when neither its status nor its reason changed.
    public static func derived(_ kind: Kind, _ status: Bool, _ reason: Reason, _ message: String,
                               previous: [StatusCondition], now: Date) -> StatusCondition {
        let old = previous.first { $0.kind == kind }
        let unchanged = old.map { $0.status == status && $0.reason == reason } ?? false
        return StatusCondition(kind: kind, status: status, reason: reason, message: message,
                               lastTransitionTime: unchanged ? old!.lastTransitionTime : now)
    }
}
