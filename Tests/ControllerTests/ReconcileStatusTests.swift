import Controller
import Foundation
import Testing

/// The controller status as one pure function of outcomes: conditions, revisions, history
/// and the next run's delay (the way Flux derives a Kustomization's status).
@Suite("Reconcile status")
struct ReconcileStatusTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func outcome(_ result: ReconcileOutcome.Result, revision: String? = "main@sha1:aaa", at offset: Double = 10) -> ReconcileOutcome {
        ReconcileOutcome(trigger: .interval, revision: revision, startedAt: t0.addingTimeInterval(offset - 2),
                         finishedAt: t0.addingTimeInterval(offset), result: result)
    }

    static let clean = ReconcileSummary(complete: true, findingsViolated: 2, alertsFiring: 1, actionsSucceeded: 3,
                                        actionsWaiting: 1, instancesHealthy: 1, instances: 2)

    @Test("before any reconcile: not ready, progressing")
    func initial() {
        let status = ReconcileStatus().began(.startup, at: t0)
        #expect(status.condition(.ready)?.status == false)
        #expect(status.condition(.ready)?.reason == .progressing)
        #expect(status.condition(.reconciling)?.status == true)
        #expect(status.condition(.stalled) == nil)
    }

    @Test("a complete plan whose actions succeeded: ready, applied revision recorded, Reconciling gone")
    func success() {
        let status = ReconcileStatus().began(.startup, at: t0).recorded(outcome(.reconciled(Self.clean)))
        #expect(status.isReady)
        #expect(status.condition(.ready)?.reason == .reconciliationSucceeded)
        #expect(status.conditions.map(\.kind) == [.ready])
        #expect(status.lastAppliedRevision == "main@sha1:aaa")
        #expect(status.lastAttemptedRevision == "main@sha1:aaa")
        #expect(status.runningSince == nil)
        #expect(status.consecutiveFailures == 0)
    }

    @Test("an incomplete plan: not ready, applied revision kept from before, no retry backoff")
    func incomplete() {
        let good = ReconcileStatus().recorded(outcome(.reconciled(Self.clean), revision: "main@sha1:old"))
        var summary = Self.clean
        summary.complete = false
        summary.unobserved = ["vc/vm/pbx-live"]
        let status = good.recorded(outcome(.reconciled(summary), revision: "main@sha1:new", at: 20))
        #expect(status.condition(.ready)?.reason == .planIncomplete)
        #expect(status.condition(.ready)?.message.contains("vc/vm/pbx-live") == true)
        #expect(status.lastAppliedRevision == "main@sha1:old")
        #expect(status.lastAttemptedRevision == "main@sha1:new")
        #expect(status.nextReconcileDelay(interval: .seconds(300), retryInterval: .seconds(10)) == .seconds(300))
    }

    @Test("failed actions: not ready, Reconciling with retry, delay doubles per failure up to the interval")
    func failedActions() {
        var summary = Self.clean
        summary.actionsFailed = [.init(id: "deleteSnapshot:vc/vm/pbx", instance: "pbx", message: "task failed")]
        var status = ReconcileStatus()
        var delays: [Duration] = []
        for run in 1...6 {
            status = status.recorded(outcome(.reconciled(summary), at: Double(run * 10)))
            delays.append(status.nextReconcileDelay(interval: .seconds(120), retryInterval: .seconds(10)))
        }
        #expect(status.condition(.ready)?.reason == .actionFailed)
        #expect(status.condition(.reconciling)?.reason == .progressingWithRetry)
        #expect(status.lastAppliedRevision == nil)
        #expect(delays == [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(120), .seconds(120)])
    }

    @Test("a stalling failure: Stalled, retried only at the interval; the next success clears it")
    func stalled() {
        let failed = ReconcileStatus().recorded(outcome(.failed(ReconcileFailure(.stalling, "authentication to vc failed"))))
        #expect(failed.condition(.stalled)?.status == true)
        #expect(failed.condition(.ready)?.reason == .invalidConfiguration)
        #expect(failed.nextReconcileDelay(interval: .seconds(300), retryInterval: .seconds(5)) == .seconds(300))
        let recovered = failed.recorded(outcome(.reconciled(Self.clean), at: 50))
        #expect(recovered.condition(.stalled) == nil)
        #expect(recovered.isReady)
    }

    @Test("transition times move only when status or reason change")
    func transitionTimes() {
        let first = ReconcileStatus().recorded(outcome(.reconciled(Self.clean), at: 10))
        let second = first.recorded(outcome(.reconciled(Self.clean), at: 20))
        #expect(second.condition(.ready)?.lastTransitionTime == t0.addingTimeInterval(10))
        let third = second.recorded(outcome(.failed(ReconcileFailure(.transient, "state store locked")), at: 30))
        #expect(third.condition(.ready)?.lastTransitionTime == t0.addingTimeInterval(30))
    }

    @Test("history keeps the newest outcomes first, bounded")
    func history() {
        var status = ReconcileStatus()
        for run in 1...(ReconcileStatus.historyLimit + 5) {
            status = status.recorded(outcome(.reconciled(Self.clean), at: Double(run)))
        }
        #expect(status.history.count == ReconcileStatus.historyLimit)
        #expect(status.history.first?.finishedAt == t0.addingTimeInterval(Double(ReconcileStatus.historyLimit + 5)))
        #expect(status.reconciles == ReconcileStatus.historyLimit + 5)
    }

    @Test("the status survives a JSON round trip (the state store and /api/v1/status keep it)")
    func codable() throws {
        let status = ReconcileStatus().recorded(outcome(.failed(ReconcileFailure(.transient, "timeout"))))
        let decoded = try JSONDecoder().decode(ReconcileStatus.self, from: try JSONEncoder().encode(status))
        #expect(decoded == status)
    }
}
