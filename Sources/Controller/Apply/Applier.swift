import Foundation
import Providers

/// Executes plans against the providers, keeping the state store's runs, actions and
/// journal: dependency order, independent actions in parallel (bounded), gates decided and
/// recorded when a run begins (`ActionGate`), each action under the journal protocol
/// (`ActionExecutor`). `recover()` settles runs a crash left unfinished. The caller holds
/// the store's lock (`StateLock`) around both.
public struct Applier: Sendable {
    public var store: StateStore
    public var registry: ProviderRegistry
    public var configuration: ApplyConfiguration
    public var now: @Sendable () -> Date
    public var progress: @Sendable (ApplyEvent) -> Void

    public init(store: StateStore, registry: ProviderRegistry, configuration: ApplyConfiguration = ApplyConfiguration(),
                now: @escaping @Sendable () -> Date = { Date() }, progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) {
        self.store = store
        self.registry = registry
        self.configuration = configuration
        self.now = now
        self.progress = progress
    }

    /// Applies `plan`: records the run with every action (held-back ones `skipped`, with
    /// why), then executes the rest.
    public func apply(_ plan: SavedPlan, gate: ActionGate, who: String, crash hook: CrashHookHandle? = nil) async throws(StateError) -> RunReport {
        let ledger = RunLedger(store: store)
        let crash = hook?.hook ?? CrashHook(killAt: configuration.killAtCheckpoint)
        let run = RunRecord(id: "run-" + String(UUID().uuidString.prefix(8)).lowercased(), operation: "apply", revision: plan.revision,
                            observedDigest: plan.observedDigest, status: .running, who: who, startedAt: now(), finishedAt: nil)
        let held = gate.heldBack(plan.actions)
        try ledger.begin(run, plan: plan.json, actions: plan.actions.map { ($0.id, $0.type.rawValue, $0.target) }, heldBack: held)
        crash.checkpoint()
        for action in plan.actions {
            guard let reason = held[action.id] else { continue }
            progress(ApplyEvent(phase: .finished, runID: run.id, actionID: action.id, summary: action.summary, status: .skipped,
                                changed: nil, message: reason, elapsed: .zero, sinceStart: .zero))
        }
        return try await execute(plan.actions, run: run, ledger: ledger, crash: crash)
    }

    /// Settles every run a crash left `running`: each action not finished is re-observed
    /// and completed (or found done) — none is lost, none performed twice.
    public func recover(crash hook: CrashHookHandle? = nil) async throws(StateError) -> [RunReport] {
        let ledger = RunLedger(store: store)
        let crash = hook?.hook ?? CrashHook(killAt: configuration.killAtCheckpoint)
        var reports: [RunReport] = []
        for (run, json) in try ledger.unfinished() {
            let plan: SavedPlan
            do {
                plan = try SavedPlan.parse(json, source: "run \(run.id)")
            } catch {
                try ledger.finish(run.id, .failed, at: now())
                reports.append(RunReport(run: run, actions: try ledger.actions(run: run.id),
                                         alerts: ["run \(run.id) could not be settled: its plan is unreadable (\(error)); check its actions by hand"]))
                continue
            }
            reports.append(try await execute(plan.actions, run: run, ledger: ledger, crash: crash))
        }
        return reports
    }

    private func execute(_ actions: [PlannedAction], run: RunRecord, ledger: RunLedger, crash: CrashHook) async throws(StateError) -> RunReport {
        var status = Dictionary(try ledger.actions(run: run.id).map { ($0.actionID, $0.status) }, uniquingKeysWith: { first, _ in first })
        let known = Set(actions.map(\.id))
        let executor = ActionExecutor(registry: registry, ledger: ledger, configuration: configuration, now: now, crash: crash,
                                      progress: progress, applyStart: ContinuousClock.now,
                                      plan: Dictionary(actions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        var waiting = actions.filter { !(status[$0.id]?.isTerminal ?? true) }
        let limit = Swift.max(1, configuration.parallelism)
        var failure: StateError?
        await withTaskGroup(of: (String, ActionStatus).self) { group in
            var running = 0
            while true {
                // Start what is ready; skip what waits for an action that did not succeed.
                var index = 0
                while index < waiting.count && running < limit {
                    let action = waiting[index]
                    let dependencies = action.dependsOn.filter(known.contains)
                    guard dependencies.allSatisfy({ status[$0]?.isTerminal ?? false }) else {
                        index += 1
                        continue
                    }
                    waiting.remove(at: index)
                    if let unmet = dependencies.first(where: { status[$0] != .done }) {
                        let message = "not run: \(unmet) did not succeed (\(status[unmet]?.rawValue ?? "unknown"))"
                        do throws(StateError) {
                            try ledger.record(run: run.id, action: action.id, .skipped, at: now(), message: message)
                        } catch {
                            failure = error
                        }
                        status[action.id] = .skipped
                        progress(ApplyEvent(phase: .finished, runID: run.id, actionID: action.id, summary: action.summary, status: .skipped,
                                            changed: nil, message: message, elapsed: .zero, sinceStart: .zero))
                        index = 0
                        continue
                    }
                    let found = status[action.id] ?? .pending
                    status[action.id] = .intent
                    running += 1
                    group.addTask {
                        let result = await executor.execute(action, run: run.id, found: found)
                        return (action.id, result.status)
                    }
                }
                guard running > 0, let (id, result) = await group.next() else { break }
                running -= 1
                status[id] = result
            }
        }
        if let failure { throw failure }
        let records = try ledger.actions(run: run.id)
        let failed = records.contains { $0.status == .failed || $0.status == .unconfirmed }
        try ledger.finish(run.id, failed ? .failed : .succeeded, at: now())
        var finished = run
        finished.status = failed ? .failed : .succeeded
        finished.finishedAt = now()
        return RunReport(run: finished, actions: records, alerts: Self.alerts(actions, records))
    }

    /// SNP-2 snapshots left in place, and unconfirmed actions.
    private static func alerts(_ actions: [PlannedAction], _ records: [ActionRecord]) -> [String] {
        let byID = Dictionary(records.map { ($0.actionID, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [String] = []
        for action in actions where action.type == .createSnapshot && byID[action.id]?.status == .done {
            guard let change = ActionMapping.parameter("for", of: action), let removal = actions.first(where: {
                $0.type == .removeSnapshot && $0.target == action.target
            }), byID[removal.id]?.status != .done else { continue }
            out.append("SNP-2: snapshot \(action.target) is kept because \(change) did not succeed (\(byID[change]?.status.rawValue ?? "not run")): revert to it or delete it by hand")
        }
        for record in records where record.status == .unconfirmed {
            out.append("\(record.actionID) \(record.message ?? "could not be confirmed")")
        }
        return out
    }
}

/// One crash-test hook shared by the recovery and the apply of one process, so the
/// checkpoint count runs across both (see `ApplyConfiguration.killAtCheckpoint`).
public struct CrashHookHandle: Sendable {
    let hook: CrashHook

    public init(killAt: Int?) {
        hook = CrashHook(killAt: killAt)
    }
}
