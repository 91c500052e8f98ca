/// One reconcile, as the loop runs it: read the newest good spec, observe, plan, apply what
/// policy allows, send alerts. The loop owns *when*; an implementation of this owns *what*.
public protocol Reconciling: Sendable {
    /// Runs one reconcile for the triggers that asked for it. Never throws: every failure is
    /// an outcome the status records.
    func reconcile(_ triggers: Set<ReconcileTrigger>) async -> ReconcileOutcome
}

/// Something the loop polls for a new spec revision (the Git source).
public protocol SpecPolling: Sendable {
    /// Polls once; true when a new revision arrived that should be reconciled now.
    func pollForChange() async -> Bool
}
