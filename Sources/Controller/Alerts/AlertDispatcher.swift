import Foundation
import Providers
import Spec

/// Turns each reconcile's plan into alert notifications: sends alerts that start firing,
/// re-posts firing ones to sinks that need it (Alertmanager) once per repost interval,
/// resolves alerts whose finding cleared, and filters by each sink's minimum severity.
///
/// Never blocks the loop: `update(with:)` only computes what to send and queues it; one
/// worker per sink delivers in the background, retrying transient failures with backoff.
/// Each sink's queue is bounded; when full, the oldest waiting batch is dropped and
/// counted. An alert whose finding became *unknown* (its provider could not be reached) is
/// neither resolved nor re-announced: not seeing a problem is not the problem going away.
public actor AlertDispatcher {
    /// Tunables; the defaults suit a controller reconciling every few minutes.
    public struct Options: Sendable {
        /// How often a firing alert is sent again to sinks that need re-posts.
        public var repostInterval: Duration
        /// Retries of one batch on one sink (transient failures only).
        public var retry: RetryPolicy
        /// Batches that may wait per sink; more drop the oldest.
        public var queueLimit: Int
        /// A link put into every alert (the controller's status page), if any.
        public var generatorURL: String?

        public init(repostInterval: Duration = .seconds(60),
                    retry: RetryPolicy = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), maxDelay: .seconds(30)),
                    queueLimit: Int = 100, generatorURL: String? = nil) {
            self.repostInterval = repostInterval
            self.retry = retry
            self.queueLimit = max(1, queueLimit)
            self.generatorURL = generatorURL
        }
    }

    private let sinks: [ConfiguredAlertSink]
    private let options: Options
    private let redactor: Redactor
    private let metrics: ControllerMetrics?
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let random: @Sendable () -> Double

    private var active: [String: AlertDispatcherState.Active]
    private var queues: [String: [AlertBatch]]
    private var workers: [String: Task<Void, Never>] = [:]
    private var statuses: [String: AlertSinkStatus]

    /// - Parameters:
    ///   - sinks: where alerts go.
    ///   - state: what an earlier run sent (from the state store); empty for a first run.
    ///   - redactor: applied to every text an alert carries and every error kept.
    ///   - metrics: counts deliveries, failures and drops per sink; nil for none.
    ///   - now: the clock.
    ///   - sleep: how to wait between retries (injectable for tests).
    ///   - random: jitter source for retries.
    public init(sinks: [ConfiguredAlertSink], options: Options = Options(), state: AlertDispatcherState = AlertDispatcherState(),
                redactor: Redactor = Redactor(), metrics: ControllerMetrics? = nil,
                now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.sinks = sinks
        self.options = options
        self.redactor = redactor
        self.metrics = metrics
        self.now = now
        self.sleep = sleep
        self.random = random
        let names = Set(sinks.map(\.name))
        let restored = state.version == AlertDispatcherState.currentVersion ? state : AlertDispatcherState()
        self.active = restored.active.mapValues { entry in
            var entry = entry
            entry.sentTo = entry.sentTo.filter { names.contains($0.key) }
            return entry
        }
        self.queues = restored.pending.filter { names.contains($0.key) }
        self.statuses = Dictionary(sinks.map {
            ($0.name, AlertSinkStatus(name: $0.name, kind: $0.kind, queued: 0, delivered: 0, failed: 0, dropped: 0))
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Compares `plan.alerts` with what was sent before and queues what each sink must hear.
    /// Returns at once; delivery happens in the background.
    public func update(with plan: Plan) {
        let at = now()
        var outgoing: [String: [AlertEvent]] = [:]
        var seen = Set<String>()

        for alert in plan.alerts {
            let fingerprint = AlertEvent.fingerprint(ofFindingID: alert.id)
            guard seen.insert(fingerprint).inserted else { continue }
            var event = makeEvent(alert, fingerprint: fingerprint, at: at)
            var entry = active[fingerprint] ?? AlertDispatcherState.Active(findingID: alert.id, event: event, sentTo: [:])
            event.startsAt = entry.event.startsAt
            let changed = entry.event.severity != event.severity || entry.event.summary != event.summary
            for sink in sinks {
                let accepts = event.severity >= sink.minimumSeverity
                if let last = entry.sentTo[sink.name] {
                    if !accepts {
                        // Fell below the sink's threshold: as far as that sink goes, it is over.
                        var resolved = entry.event
                        resolved.status = .resolved
                        resolved.endsAt = at
                        outgoing[sink.name, default: []].append(resolved)
                        entry.sentTo[sink.name] = nil
                    } else if changed || (sink.repostsWhileFiring && at.timeIntervalSince(last) >= options.repostInterval.inSeconds) {
                        outgoing[sink.name, default: []].append(event)
                        entry.sentTo[sink.name] = at
                    }
                } else if accepts {
                    outgoing[sink.name, default: []].append(event)
                    entry.sentTo[sink.name] = at
                }
            }
            entry.event = event
            active[fingerprint] = entry
        }

        let vanished = active.filter { !seen.contains($0.key) }
        if !vanished.isEmpty {
            let vanishedIDs = Set(vanished.values.map(\.findingID))
            let stillUnknown = Set(plan.findings.lazy.filter { $0.status == .unknown && vanishedIDs.contains($0.id) }.map(\.id))
            for (fingerprint, entry) in vanished where !stillUnknown.contains(entry.findingID) {
                var resolved = entry.event
                resolved.status = .resolved
                resolved.endsAt = at
                for sink in entry.sentTo.keys { outgoing[sink, default: []].append(resolved) }
                active[fingerprint] = nil
            }
        }

        for sink in sinks {
            guard let events = outgoing[sink.name], !events.isEmpty else { continue }
            enqueue(AlertBatch(events: events.sorted { ($0.status.rawValue, $0.fingerprint) < ($1.status.rawValue, $1.fingerprint) },
                               createdAt: at), for: sink.name)
        }
        resume()
    }

    /// Queues one test alert (rule `TEST`) to every sink, whatever its minimum severity,
    /// followed by its resolution; for `sfreconcile notify --test`. Not recorded as active.
    public func sendTestAlert(instance: String = "sfreconcile-test") {
        let at = now()
        var event = AlertEvent(fingerprint: AlertEvent.fingerprint(ofFindingID: "test:\(at.timeIntervalSince1970)"), status: .firing,
                               rule: "TEST", severity: .info, instance: instance, resource: "notify --test",
                               summary: "Test alert from sfreconcile: this sink receives alerts.",
                               description: "Sent by `sfreconcile notify --test`; resolves at once.", startsAt: at,
                               generatorURL: options.generatorURL)
        for sink in sinks { enqueue(AlertBatch(events: [event], createdAt: at), for: sink.name) }
        event.status = .resolved
        event.endsAt = at
        for sink in sinks { enqueue(AlertBatch(events: [event], createdAt: at), for: sink.name) }
        resume()
    }

    /// Starts a worker for every sink with queued batches (after a restore, say).
    public func resume() {
        for sink in sinks where !(queues[sink.name] ?? []).isEmpty && workers[sink.name] == nil {
            workers[sink.name] = Task { await self.work(sink) }
        }
    }

    /// Waits until every queue is empty (each batch delivered or given up): for shutdown
    /// and tests.
    public func drain() async {
        while let worker = workers.first {
            await worker.value.value
        }
    }

    /// Stops the workers; queued batches stay in `snapshot()`.
    public func stop() {
        for task in workers.values { task.cancel() }
    }

    /// What was sent and what waits, for the state store.
    public func snapshot() -> AlertDispatcherState {
        AlertDispatcherState(active: active, pending: queues.filter { !$0.value.isEmpty })
    }

    /// Per sink: queue, counts, last success and last error.
    public func sinkStatuses() -> [AlertSinkStatus] {
        sinks.compactMap { statuses[$0.name] }.map { status in
            var status = status
            status.queued = queues[status.name]?.count ?? 0
            return status
        }
    }

    // MARK: - Internals

    private func makeEvent(_ alert: Alert, fingerprint: String, at: Date) -> AlertEvent {
        let cause: String
        switch alert.cause {
        case .noFix: cause = "No automatic fix exists; a person must act."
        case .policyNever: cause = "policy.actions forbids the fix (never); a person must act."
        case .suspended: cause = "The instance is suspended: observed, never changed."
        case .blocked: cause = "VER-3 blocks the change that would fix it."
        }
        return AlertEvent(fingerprint: fingerprint, status: .firing, rule: alert.rule.rawValue, severity: alert.severity,
                          instance: alert.instance, resource: redactor.redact(alert.address),
                          summary: redactor.redact(alert.message), description: "\(alert.rule.rawValue): \(cause)",
                          startsAt: at, generatorURL: options.generatorURL)
    }

    private func enqueue(_ batch: AlertBatch, for sink: String) {
        var queue = queues[sink] ?? []
        queue.append(batch)
        while queue.count > options.queueLimit {
            queue.removeFirst()
            statuses[sink]?.dropped += 1
            metrics?.alertBatchDropped(sink: sink)
        }
        queues[sink] = queue
        metrics?.alertQueueDepth(sink: sink, queue.count)
    }

    private func work(_ sink: ConfiguredAlertSink) async {
        defer { workers[sink.name] = nil }
        while !Task.isCancelled, var queue = queues[sink.name], !queue.isEmpty {
            let batch = queue.removeFirst()
            queues[sink.name] = queue
            metrics?.alertQueueDepth(sink: sink.name, queue.count)
            let succeeded = await deliver(batch, to: sink)
            if !succeeded, Task.isCancelled {
                queues[sink.name, default: []].insert(batch, at: 0)   // kept for the snapshot
                return
            }
            if !succeeded { forget(batch, sink: sink.name) }
        }
    }

    /// Tries `batch` on `sink` as the retry policy allows; true when delivered.
    private func deliver(_ batch: AlertBatch, to sink: ConfiguredAlertSink) async -> Bool {
        var attempt = 1
        while true {
            do {
                try await sink.client.deliver(batch)
                statuses[sink.name]?.delivered += 1
                statuses[sink.name]?.lastSuccess = now()
                metrics?.alertBatchDelivered(sink: sink.name)
                return true
            } catch {
                statuses[sink.name]?.failed += 1
                let redacted: String = redactor.redact(error.description)
                statuses[sink.name]?.lastError = redacted
                metrics?.alertDeliveryFailed(sink: sink.name)
                guard error.isTransient, attempt < options.retry.maxAttempts, !Task.isCancelled else { return false }
                do {
                    try await sleep(options.retry.delay(afterAttempt: attempt, random: random()))
                } catch {
                    return false
                }
                attempt += 1
            }
        }
    }

    /// After a batch was given up: firing alerts in it count as not sent to that sink, so
    /// the next update announces them again.
    private func forget(_ batch: AlertBatch, sink: String) {
        for event in batch.events where event.status == .firing {
            if active[event.fingerprint]?.sentTo[sink] == batch.createdAt {
                active[event.fingerprint]?.sentTo[sink] = nil
            }
        }
    }
}
