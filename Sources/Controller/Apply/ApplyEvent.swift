import Foundation

/// Progress of an apply, one event per action start and end: what the text view prints as
/// a line per action with its elapsed time, and `--json` as JSON lines (docs/apply.md).
public struct ApplyEvent: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        /// The action is being tried.
        case started
        /// It reached a terminal status.
        case finished
        /// A transient error; it is tried again.
        case retrying
    }

    public var phase: Phase
    public var runID: String
    public var actionID: String
    public var summary: String
    /// For `finished`: done, failed, skipped or unconfirmed.
    public var status: ActionStatus?
    /// For `finished`: whether anything changed.
    public var changed: Bool?
    public var message: String?
    /// Since the action started (zero for `started`).
    public var elapsed: Duration
    /// Since the apply started.
    public var sinceStart: Duration
}
