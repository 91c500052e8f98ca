import Foundation

/// The controller's status as `sfreconcile status` and `/api/v1/status` show it, kept the way
/// Flux keeps a Kustomization's: the last *applied* revision apart from the last *attempted*
/// one, conditions derived from the newest outcome, and a short history. A value;
/// ``began(_:at:)`` and ``recorded(_:)`` are the pure functions that move it forward, so every
/// path is testable without a server.
public struct ReconcileStatus: Sendable, Hashable, Codable {
    /// The newest revision whose reconcile made a complete plan and whose runnable actions all
    /// succeeded.
    public var lastAppliedRevision: String?
    /// The newest revision a reconcile was tried on, whatever came of it.
    public var lastAttemptedRevision: String?
    /// `Ready` first, then the abnormal conditions that hold.
    public var conditions: [ReconcileCondition] = []
    /// The newest outcome.
    public var lastOutcome: ReconcileOutcome?
    /// Set while a reconcile runs.
    public var runningSince: Date?
    /// Failed reconciles in a row (no plan, or a failed action).
    public var consecutiveFailures = 0
    /// The newest outcomes, newest first, at most ``historyLimit``.
    public var history: [ReconcileOutcome] = []
    /// Reconciles so far.
    public var reconciles = 0

    /// How many outcomes ``history`` keeps.
    public static let historyLimit = 20

    public init() {}

    /// True when the newest reconcile was a full success.
    public var isReady: Bool { condition(.ready)?.status == true }

    public func condition(_ kind: ReconcileCondition.Kind) -> ReconcileCondition? {
        conditions.first { $0.kind == kind }
    }

    /// The status once a reconcile starts: `Reconciling` holds until it ends.
    public func began(_ trigger: ReconcileTrigger, at now: Date) -> ReconcileStatus {
        var next = self
        next.runningSince = now
        next.conditions = next.derivedConditions(previous: conditions, now: now)
        return next
    }

    /// The status after `outcome`. Pure: the same inputs give the same status.
    public func recorded(_ outcome: ReconcileOutcome) -> ReconcileStatus {
        var next = self
        next.reconciles += 1
        next.runningSince = nil
        next.lastOutcome = outcome
        next.history = Array(([outcome] + history).prefix(Self.historyLimit))
        if let revision = outcome.revision { next.lastAttemptedRevision = revision }
        switch outcome.result {
        case .reconciled(let summary) where summary.complete && summary.actionsFailed.isEmpty:
            next.consecutiveFailures = 0
            if let revision = outcome.revision { next.lastAppliedRevision = revision }
        case .reconciled(let summary) where summary.actionsFailed.isEmpty:
            next.consecutiveFailures = 0   // incomplete, but nothing failed: not a retry case
        case .reconciled, .failed:
            next.consecutiveFailures += 1
        }
        next.conditions = next.derivedConditions(previous: conditions, now: outcome.finishedAt)
        return next
    }

    /// How long to wait before the next reconcile: the interval after success, an incomplete
    /// plan or a stalling failure; after a transient failure or a failed action,
    /// `retryInterval` doubled per failure in a row, never more than the interval. The caller
    /// adds jitter.
    public func nextReconcileDelay(interval: Duration, retryInterval: Duration) -> Duration {
        guard consecutiveFailures > 0, let outcome = lastOutcome else { return interval }
        if case .failed(let failure) = outcome.result, failure.retry == .stalling { return interval }
        let factor = 1 << min(consecutiveFailures - 1, 16)
        return min(retryInterval * factor, interval)
    }

    private func derivedConditions(previous: [ReconcileCondition], now: Date) -> [ReconcileCondition] {
        func make(_ kind: ReconcileCondition.Kind, _ status: Bool, _ reason: ReconcileCondition.Reason,
                  _ message: String) -> ReconcileCondition {
            .derived(kind, status, reason, message, previous: previous, now: now)
        }
        var ready: ReconcileCondition
        var abnormal: [ReconcileCondition] = []
        switch lastOutcome?.result {
        case nil:
            ready = make(.ready, false, .progressing, "no reconcile finished yet")
        case .reconciled(let summary)?:
            let revision = lastOutcome?.revision.map { " of revision \($0)" } ?? ""
            if let failed = summary.actionsFailed.first {
                let message = "\(summary.actionsFailed.count) action(s) failed\(revision), first: \(failed.id): \(failed.message)"
                ready = make(.ready, false, .actionFailed, message)
                abnormal.append(make(.reconciling, true, .progressingWithRetry, message))
            } else if !summary.complete {
                let first = summary.unobserved.first.map { ", first: \($0)" } ?? ""
                ready = make(.ready, false, .planIncomplete,
                             "\(summary.unobserved.count) resource(s) could not be observed\(first); nothing was changed on their account")
            } else {
                ready = make(.ready, true, .reconciliationSucceeded,
                             "reconciled\(revision): \(summary.findingsViolated) violated finding(s), \(summary.alertsFiring) alert(s), \(summary.actionsWaiting) action(s) waiting")
            }
        case .failed(let failure)?:
            switch failure.retry {
            case .transient:
                ready = make(.ready, false, .reconciliationFailed, failure.message)
                abnormal.append(make(.reconciling, true, .progressingWithRetry, failure.message))
            case .stalling:
                ready = make(.ready, false, .invalidConfiguration, failure.message)
                abnormal.append(make(.stalled, true, .invalidConfiguration, failure.message))
            }
        }
        if let runningSince, !abnormal.contains(where: { $0.kind == .reconciling }) {
            abnormal.insert(make(.reconciling, true, .progressing, "reconcile running since \(Human.time(runningSince))"), at: 0)
        }
        return [ready] + abnormal
    }
}
