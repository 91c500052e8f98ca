/// Where an action of a run stands; also the phase a journal entry records.
///
/// `intent` is written before anything is asked of a provider, `started` right before the
/// provider is told to act: a crash leaves one of the two, and the next apply re-observes
/// and settles the action instead of guessing.
public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded with its run, not tried yet.
    case pending
    /// About to be tried: the target is re-observed next.
    case intent
    /// The provider was told to act.
    case started
    /// Its goal holds: carried out, or found already in place.
    case done
    /// It was tried and failed (the error is the message).
    case failed
    /// Not tried: blocked, waiting for approval or a window, or a dependency did not succeed.
    case skipped
    /// Started before a crash, and its effect cannot be observed (a backup trigger): not
    /// repeated automatically; a person checks.
    case unconfirmed

    /// No further change: done, failed, skipped or unconfirmed.
    public var isTerminal: Bool {
        switch self {
        case .done, .failed, .skipped, .unconfirmed: return true
        case .pending, .intent, .started: return false
        }
    }
}
