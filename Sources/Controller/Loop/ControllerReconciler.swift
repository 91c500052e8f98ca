import Foundation
import Logging
import Providers
import Spec

/// One reconcile of `sfreconcile run`: the newest good spec → observe, record history, plan →
/// apply what policy allows (not held back by `ActionGate`, not of a suspended instance, not of
/// an instance in ``InstanceBackoff``) under the state store's lock → alerts → metrics. A lock
/// held by a manual `apply` is a transient failure, retried by the loop. Incomplete plans are
/// never applied: what could not be observed is unknown, and unknown never leads to an action.
public actor ControllerReconciler: Reconciling {
    private let source: ControllerSpecSource
    private let store: StateStore
    private let metrics: ControllerMetrics?
    private let applyConfiguration: ApplyConfiguration
    private let backoffPolicy: RetryPolicy
    private let environment: [String: String]
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    private let makeRegistry: @Sendable (Spec) -> ProviderRegistry
    private var backoff = InstanceBackoff()
    private var dispatcher: AlertDispatcher?
    private var dispatcherKey: String?
    /// The newest plan made, for the status document.
    public private(set) var latestPlan: Plan?

    public init(source: ControllerSpecSource, store: StateStore, metrics: ControllerMetrics?,
                applyConfiguration: ApplyConfiguration = ApplyConfiguration(), backoffPolicy: RetryPolicy = InstanceBackoff.defaultPolicy,
                environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger = Logger(label: "sfreconcile.reconcile"),
                now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                makeRegistry: @escaping @Sendable (Spec) -> ProviderRegistry = { ProviderRegistry(spec: $0) }) {
        self.source = source
        self.store = store
        self.metrics = metrics
        self.applyConfiguration = applyConfiguration
        self.backoffPolicy = backoffPolicy
        self.environment = environment
        self.logger = logger
        self.now = now
        self.random = random
        self.makeRegistry = makeRegistry
    }

    /// Instances whose actions wait after failures.
    public var backoffEntries: [String: InstanceBackoff.Entry] { backoff.entries }

    public func reconcile(_ triggers: Set<ReconcileTrigger>) async -> ReconcileOutcome {
        let started = now()
        let clock = ContinuousClock.now
        let trigger = triggers.contains(.startup) ? .startup : triggers.sorted { $0.rawValue < $1.rawValue }.first ?? .interval
        var revision: String?
        let result: ReconcileOutcome.Result
        do throws(ReconcileFailure) {
            let current = try await source.current(reader: SpecSourceReader())
            revision = current.revision
            result = .reconciled(try await reconcile(current.spec, revision: current.revision))
        } catch {
            logger.warning("reconcile failed", metadata: ["retry": "\(error.retry.rawValue)", "error": "\(error.message)"])
            result = .failed(error)
        }
        let outcome = ReconcileOutcome(trigger: trigger, revision: revision, startedAt: started, finishedAt: now(), result: result)
        await saveAlertState()
        metrics?.recordReconcile(duration: ContinuousClock.now - clock, finishedAt: outcome.finishedAt, outcome: Self.label(result))
        return outcome
    }

    private func reconcile(_ spec: Spec, revision: String?) async throws(ReconcileFailure) -> ReconcileSummary {
        let me = LockInfo.current(operation: "run", now: now(), environment: environment)
        let lock = StateLock(store: store)
        do {
            _ = try await lock.acquire(me, timeout: .zero)
        } catch let held as LockHeldError {
            throw ReconcileFailure(.transient, "\(held); the controller retries when it is released")
        } catch {
            throw ReconcileFailure(.transient, "cannot take the state store's lock: \(error)")
        }
        defer { try? lock.release(me) }
        let registry = makeRegistry(spec)
        do {
            let summary = try await planAndApply(spec, revision: revision, registry: registry, who: me.who)
            for provider in registry.providers.values { await provider.close() }
            return summary
        } catch {
            for provider in registry.providers.values { await provider.close() }
            throw ReconcileFailure(.transient, "\(error)")
        }
    }

    private func planAndApply(_ spec: Spec, revision: String?, registry: ProviderRegistry, who: String) async throws(StateError)
        -> ReconcileSummary {
        let applier = Applier(store: store, registry: registry, configuration: applyConfiguration, now: now)
        for report in try await applier.recover() {
            logger.notice("settled an interrupted run", metadata: ["run": "\(report.run.id)", "result": "\(report.line)"])
        }
        let observer = EstateObserver(registry: registry, generator: "sfreconcile run \(revision ?? "")")
        let live = LivePlanning(observer: observer, history: ObservationHistory(store: store))
        let plan = try await live.plan(spec, revision: revision, now: now(), environment: environment)
        latestPlan = plan
        metrics?.record(plan)
        await alerts(for: spec, revision: revision).update(with: plan)

        var summary = ReconcileSummary(
            complete: plan.complete, unobserved: plan.incomplete.map { "\($0.provider)/\($0.kind)/\($0.resource)" },
            findingsViolated: plan.summary.findingsViolated, alertsFiring: plan.alerts.count,
            actionsWaiting: plan.actions.count,
            instancesHealthy: plan.instances.filter { instance in
                !plan.findings.contains { $0.instance == instance.name && $0.status == .violated }
            }.count,
            instances: plan.instances.count)
        guard plan.complete && !plan.errored else { return summary }

        let at = now()
        let suspended = try Suspensions(store: store).suspended()
        let candidates = plan.actions.filter { !suspended.contains($0.instance) && backoff.allows($0.instance, at: at) }
        let gate = ActionGate(approvals: try Approvals(store: store).approved(), maintenanceOpen: plan.maintenance.isOpen)
        let held = gate.heldBack(candidates)
        let runnable = candidates.filter { held[$0.id] == nil }
        guard !runnable.isEmpty else { return summary }

        var saved = SavedPlan(plan, json: [UInt8](PlanJSONRenderer().renderData(plan)))
        saved.actions = runnable
        let report = try await applier.apply(saved, gate: gate, who: who)
        logger.info("applied", metadata: ["run": "\(report.run.id)", "result": "\(report.line)"])
        let instanceOf = Dictionary(runnable.map { ($0.id, $0.instance) }, uniquingKeysWith: { first, _ in first })
        var failedInstances: Set<String> = []
        for record in report.actions {
            let instance = instanceOf[record.actionID] ?? ""
            switch record.status {
            case .done:
                summary.actionsSucceeded += 1
            case .failed, .unconfirmed:
                let message = record.message ?? record.status.rawValue
                summary.actionsFailed.append(.init(id: record.actionID, instance: instance, message: message))
                if failedInstances.insert(instance).inserted {
                    backoff.recordFailure(of: instance, message: message, at: now(), policy: backoffPolicy, random: random())
                }
            default:
                break
            }
        }
        for instance in Set(runnable.map(\.instance)).subtracting(failedInstances) { backoff.recordSuccess(of: instance) }
        summary.actionsWaiting = plan.actions.count - summary.actionsSucceeded - summary.actionsFailed.count
        return summary
    }

    /// The dispatcher for the spec's sinks, made again (keeping what was sent) when the
    /// revision changes; its memory is saved in the state store after every update.
    private func alerts(for spec: Spec, revision: String?) async -> AlertDispatcher {
        let key = revision ?? "folder"
        if let dispatcher, dispatcherKey == key { return dispatcher }
        let documents = ControllerDocuments(store: store)
        var state = AlertDispatcherState()
        if let dispatcher {
            state = await dispatcher.snapshot()
            await dispatcher.stop()
        } else if let data = try? documents.load(ControllerDocuments.alerts),
                  let saved = try? JSONDecoder().decode(AlertDispatcherState.self, from: data) {
            state = saved
        }
        let sinks: [ConfiguredAlertSink]
        do {
            sinks = try AlertSinkFactory.make(spec.alerts, environment: environment)
        } catch {
            logger.error("alert sinks not usable; alerts are not sent", metadata: ["error": "\(error)"])
            sinks = []
        }
        let made = AlertDispatcher(sinks: sinks, state: state, metrics: metrics, now: now, random: random)
        dispatcher = made
        dispatcherKey = key
        return made
    }

    /// Saves the alert dispatcher's memory (call after a reconcile; cheap).
    public func saveAlertState() async {
        guard let dispatcher else { return }
        let snapshot = await dispatcher.snapshot()
        guard let data = try? JSONEncoder().encode(snapshot) else { return }
        do {
            try ControllerDocuments(store: store).save(ControllerDocuments.alerts, data, at: now())
        } catch {
            logger.error("cannot save the alert state", metadata: ["error": "\(error)"])
        }
    }

    /// Finishes alert deliveries under way (graceful shutdown).
    public func drainAlerts() async {
        await dispatcher?.drain()
        await saveAlertState()
    }

    private static func label(_ result: ReconcileOutcome.Result) -> String {
        switch result {
        case .reconciled(let summary): return summary.actionsFailed.isEmpty ? (summary.complete ? "success" : "incomplete") : "error"
        case .failed: return "error"
        }
    }
}
