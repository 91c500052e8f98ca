import Controller
import Foundation
import Providers
import Spec
import Testing

/// The applier against in-process fake hypervisors (`FakeVMProvider`): order, SNP-2,
/// idempotency, approval, failure, retries and crash recovery. The same against vcsim, run
/// as the CLI: EndToEndTests/ApplyCommandTests.
@Suite("applier: order, SNP-2, idempotency, approval, retries, recovery")
struct ApplierTests {
    @Test("runs the plan in dependency order: stale snapshot deleted, SNP-2 snapshot taken, vCPUs set, snapshot removed")
    func fullRun() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        #expect(plan.actions.map(\.id) == [ApplyWorld.stale, ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove])
        let report = try await w.applier().apply(plan, gate: ActionGate(maintenanceOpen: true), who: "test@host")
        #expect(report.run.status == .succeeded)
        #expect(report.actions.allSatisfy { $0.status == .done && $0.changed == true && $0.attempts == 1 }, "\(report.actions)")
        #expect(w.live.vm("starface-pbx01")?.snapshots.isEmpty == true)
        let replica = try #require(w.replica.vm("starface-pbx01"))
        #expect(replica.numCPU == 4 && replica.coresPerSocket == 2)
        #expect(replica.snapshots.isEmpty)
        #expect(w.replica.performed.map(\.kind) == [.createSnapshot, .reconfigureCPU, .removeSnapshot])
        // The journal: intent → started → done for each action, intent first.
        let journal = try RunLedger(store: w.store).journal(run: report.run.id)
        for id in [ApplyWorld.stale, ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove] {
            #expect(journal.filter { $0.actionID == id }.map(\.phase) == [.intent, .started, .done])
        }
        #expect(report.alerts.isEmpty)
    }

    @Test("applying the same plan again calls no provider: every goal already holds")
    func idempotent() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        _ = try await w.applier().apply(plan, gate: ActionGate(maintenanceOpen: true), who: "t")
        let before = w.live.performed.count + w.replica.performed.count
        let again = try await w.applier().apply(plan, gate: ActionGate(maintenanceOpen: true), who: "t")
        #expect(w.live.performed.count + w.replica.performed.count == before)
        // The change already holds, so its SNP-2 snapshot is not taken again.
        #expect(again.actions.allSatisfy { $0.status == .done && $0.changed == false && $0.attempts == 0 }, "\(again.actions)")
    }

    @Test("an approval-gated change waits with its SNP-2 pair; after `approve` it runs and uses the approval up")
    func approval() async throws {
        let w = try ApplyWorld(approval: "approve")
        defer { w.remove() }
        let plan = try w.savedPlan()
        let approvals = Approvals(store: w.store)
        let first = try await w.applier().apply(plan, gate: ActionGate(approvals: try approvals.approved(), maintenanceOpen: true), who: "t")
        #expect(w.status(first, ApplyWorld.stale) == .done)
        for id in [ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove] { #expect(w.status(first, id) == .skipped) }
        #expect(first.actions.first { $0.actionID == ApplyWorld.reconfigure }?.message?.contains("sfreconcile approve \(ApplyWorld.reconfigure)") == true)
        #expect(w.replica.performed.isEmpty)

        try approvals.approve(ApplyWorld.reconfigure, who: "alice@ops", at: Date())
        let second = try await w.applier().apply(plan, gate: ActionGate(approvals: try approvals.approved(), maintenanceOpen: true), who: "t")
        for id in [ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove] { #expect(w.status(second, id) == .done) }
        #expect(try approvals.approved().isEmpty)
    }

    @Test("outside a maintenance window disruptive actions wait, and a change whose SNP-2 removal would wait is not started")
    func window() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let report = try await w.applier().apply(try w.savedPlan(), gate: ActionGate(maintenanceOpen: false), who: "t")
        #expect(report.actions.allSatisfy { $0.status == .skipped })
        #expect(report.actions.first { $0.actionID == ApplyWorld.take }?.message?.contains("goes with \(ApplyWorld.remove)") == true)
        #expect(w.live.performed.isEmpty && w.replica.performed.isEmpty)
    }

    @Test("a failed change keeps its SNP-2 snapshot and alerts; the removal is not run")
    func failedChangeKeepsSnapshot() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        w.replica.state.withLock { $0.vms["starface-pbx01"]?.powerState = .poweredOn }
        let report = try await w.applier().apply(plan, gate: ActionGate(maintenanceOpen: true), who: "t")
        #expect(report.run.status == .failed)
        #expect(w.status(report, ApplyWorld.take) == .done)
        #expect(w.status(report, ApplyWorld.reconfigure) == .failed)
        #expect(w.status(report, ApplyWorld.remove) == .skipped)
        #expect(w.replica.vm("starface-pbx01")?.snapshots.map(\.name) == ["sfreconcile-before-reconfigureStandbyCpu"])
        #expect(report.alerts.contains { $0.hasPrefix("SNP-2: snapshot vc-b/vm/starface-pbx01#snapshot:sfreconcile-before-reconfigureStandbyCpu is kept") })
    }

    @Test("transient errors are retried from a fresh observation; others fail at once")
    func retries() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        w.replica.failNextPerform(with: ProviderError(.unavailable, "busy"))
        w.live.failNextObservation(with: ProviderError(.timeout, "slow"))
        let report = try await w.applier().apply(try w.savedPlan(), gate: ActionGate(maintenanceOpen: true), who: "t")
        #expect(report.run.status == .succeeded)
        #expect(report.actions.first { $0.actionID == ApplyWorld.take }?.attempts == 2)   // busy, then carried out
        #expect(w.replica.vm("starface-pbx01")?.snapshots.isEmpty == true)
        #expect(w.replica.performed.filter { $0.kind == .createSnapshot }.count == 1)

        let w2 = try ApplyWorld()
        defer { w2.remove() }
        w2.live.failNextPerform(with: ProviderError(.permission, "no privilege"))
        let failed = try await w2.applier().apply(try w2.savedPlan(), gate: ActionGate(maintenanceOpen: true), who: "t")
        #expect(w2.status(failed, ApplyWorld.stale) == .failed)
        #expect(failed.actions.first { $0.actionID == ApplyWorld.stale }?.message?.contains("no privilege") == true)
    }

    @Test("recovery: a run left with a started snapshot is settled without taking it twice, and finished")
    func recovery() async throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        // A crash right after the provider took the snapshot, before `done` was journaled.
        let ledger = RunLedger(store: w.store)
        let run = RunRecord(id: "run-crashed", operation: "apply", revision: nil, observedDigest: plan.observedDigest, status: .running,
                            who: "t", startedAt: Date(), finishedAt: nil)
        try ledger.begin(run, plan: plan.json, actions: plan.actions.map { ($0.id, $0.type.rawValue, $0.target) })
        for id in [ApplyWorld.stale] {
            try ledger.record(run: run.id, action: id, .intent, at: Date())
            try ledger.record(run: run.id, action: id, .started, at: Date(), attempted: true)
            try ledger.record(run: run.id, action: id, .done, at: Date(), changed: true)
        }
        try ledger.record(run: run.id, action: ApplyWorld.take, .intent, at: Date())
        try ledger.record(run: run.id, action: ApplyWorld.take, .started, at: Date(), attempted: true)
        _ = try await w.replica.perform(.createSnapshot(vm: .vm("starface-pbx01", on: "vc-b"),
                                                        name: "sfreconcile-before-reconfigureStandbyCpu", description: ""))
        w.live.state.withLock { $0.vms["starface-pbx01"]?.snapshots = [] }

        let reports = try await w.applier().recover()
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        #expect(report.run.status == .succeeded)
        #expect(report.actions.allSatisfy { $0.status == .done })
        #expect(report.actions.first { $0.actionID == ApplyWorld.take }?.changed == false)
        #expect(w.replica.performed.filter { $0.kind == .createSnapshot }.count == 1)
        #expect(w.live.performed.isEmpty)   // the deletion was done before the crash: not repeated
        #expect(try ledger.unfinished().isEmpty)
        #expect(try await w.applier().recover().isEmpty)
    }

    @Test("actions held back when a run begins stay held back when a crash leaves the run to a recovery")
    func heldBackSurvivesRecovery() async throws {
        let w = try ApplyWorld(approval: "approve")
        defer { w.remove() }
        let plan = try w.savedPlan()
        let ledger = RunLedger(store: w.store)
        let run = RunRecord(id: "run-held", operation: "apply", revision: nil, observedDigest: plan.observedDigest, status: .running,
                            who: "t", startedAt: Date(), finishedAt: nil)
        // The crash comes right after the run was recorded.
        try ledger.begin(run, plan: plan.json, actions: plan.actions.map { ($0.id, $0.type.rawValue, $0.target) },
                         heldBack: ActionGate(maintenanceOpen: true).heldBack(plan.actions))
        let report = try #require(try await w.applier().recover().first)
        #expect(w.status(report, ApplyWorld.stale) == .done)
        for id in [ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove] { #expect(w.status(report, id) == .skipped) }
        #expect(w.replica.performed.isEmpty)
    }

    @Test("--only selects a change with what it depends on and its SNP-2 pair")
    func only() throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        let held = ActionGate(maintenanceOpen: true, only: ["reconfigureStandbyCpu"]).heldBack(plan.actions)
        #expect(Set(held.keys) == [ApplyWorld.stale])
        let byID = ActionGate(maintenanceOpen: true, only: [ApplyWorld.stale]).heldBack(plan.actions)
        #expect(Set(byID.keys) == [ApplyWorld.take, ApplyWorld.reconfigure, ApplyWorld.remove])
    }
}
