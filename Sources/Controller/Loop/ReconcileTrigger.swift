/// What started a reconcile. Several triggers that arrive while one runs collapse into one
/// follow-up run (see ``ReconcileTriggers``).
public enum ReconcileTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    /// The reconcile interval elapsed: drift is looked for even when nothing changed.
    case interval
    /// A Git poll found a new revision.
    case sourceChanged = "source_changed"
    /// A verified push webhook arrived.
    case webhook
    /// `POST /api/v1/reconcile`, or `sfreconcile reconcile`.
    case request
    /// The first run after start.
    case startup
}
