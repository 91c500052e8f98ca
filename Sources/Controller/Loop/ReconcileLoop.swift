import Foundation
import ServiceLifecycle

/// `sfreconcile run`'s heart: a swift-service-lifecycle `Service` that reconciles on start,
/// on its interval, when the spec source changes and when asked (webhook, API), one reconcile
/// at a time, and keeps the status. On graceful shutdown (SIGTERM/SIGINT through the
/// `ServiceGroup`) it stops taking triggers, lets the reconcile in flight finish, and returns.
public actor ReconcileLoop: Service {
    private let configuration: ReconcileLoopConfiguration
    private let reconciler: any Reconciling
    private let source: (any SpecPolling)?
    private let random: @Sendable () -> Double
    private let now: @Sendable () -> Date
    private let triggers = ReconcileTriggers()
    private var status = ReconcileStatus()
    private var intervalTimer: Task<Void, Never>?
    private var observers: [UUID: @Sendable (ReconcileStatus) -> Void] = [:]

    /// - Parameters:
    ///   - configuration: intervals and jitter.
    ///   - reconciler: what one reconcile does.
    ///   - source: polled every `configuration.sourceInterval`; nil for a spec in a folder.
    ///   - random: numbers in 0..<1 for jitter (injectable for tests).
    ///   - now: the clock for status times.
    public init(configuration: ReconcileLoopConfiguration, reconciler: any Reconciling, source: (any SpecPolling)?,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.reconciler = reconciler
        self.source = source
        self.random = random
        self.now = now
    }

    /// The current status.
    public func currentStatus() -> ReconcileStatus { status }

    /// Asks for a reconcile as soon as the one in flight (if any) ends. Safe from any task.
    public nonisolated func request(_ trigger: ReconcileTrigger) {
        Task { await triggers.post(trigger) }
    }

    /// Calls `observer` with the status after every change (metrics, the HTTP status cache).
    public func observe(_ observer: @escaping @Sendable (ReconcileStatus) -> Void) {
        observers[UUID()] = observer
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await triggers.post(.startup)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                if let source {
                    group.addTask { await self.pollSource(source) }
                }
                await self.work()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await self.triggers.finish() }
        }
        intervalTimer?.cancel()
    }

    /// Takes trigger batches until the mailbox closes; one reconcile at a time.
    private func work() async {
        while let batch = await triggers.next() {
            publish(status.began(batch.contains(.startup) ? .startup : batch.first ?? .interval, at: now()))
            let outcome = await reconciler.reconcile(batch)
            publish(status.recorded(outcome))
            scheduleNextInterval()
        }
    }

    private func publish(_ next: ReconcileStatus) {
        status = next
        for observer in observers.values { observer(next) }
    }

    /// Replaces the interval timer: the next `.interval` trigger comes after the status's
    /// delay (shorter while retrying), with jitter.
    private func scheduleNextInterval() {
        intervalTimer?.cancel()
        let delay = configuration.jittered(
            status.nextReconcileDelay(interval: configuration.interval, retryInterval: configuration.retryInterval),
            random: random())
        let triggers = self.triggers
        intervalTimer = Task {
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            await triggers.post(.interval)
        }
    }

    private func pollSource(_ source: any SpecPolling) async {
        while !Task.isCancelled {
            if await source.pollForChange() { await triggers.post(.sourceChanged) }
            let delay = configuration.jittered(configuration.sourceInterval, random: random())
            guard (try? await Task.sleep(for: delay)) != nil else { return }
        }
    }
}
