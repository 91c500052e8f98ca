import Controller
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// The loop's scheduling with a recording reconciler in place of the real pipeline: when it
/// reconciles, how triggers collapse, retries, and graceful shutdown. Waits are for events
/// (with generous limits), never assertions on how long something took.
@Suite("Reconcile loop")
struct ReconcileLoopTests {
    /// Records each reconcile's triggers; each reconcile takes `duration` and ends as `result`.
    actor RecordingReconciler: Reconciling {
        var batches: [Set<ReconcileTrigger>] = []
        var inFlight = false
        var duration: Duration
        var result: ReconcileOutcome.Result

        init(duration: Duration = .zero, result: ReconcileOutcome.Result = .reconciled(ReconcileSummary(complete: true))) {
            self.duration = duration
            self.result = result
        }

        func reconcile(_ triggers: Set<ReconcileTrigger>) async -> ReconcileOutcome {
            inFlight = true
            batches.append(triggers)
            let start = Date()
            if duration > .zero { try? await Task.sleep(for: duration) }
            inFlight = false
            return ReconcileOutcome(trigger: triggers.first ?? .interval, revision: "main@sha1:\(batches.count)",
                                    startedAt: start, finishedAt: Date(), result: result)
        }

        func count() -> Int { batches.count }
        /// True once `count` reconciles finished and none runs.
        func finished(_ count: Int) -> Bool { batches.count == count && !inFlight }
    }

    /// A source that reports a change on the polls listed.
    actor ScriptedSource: SpecPolling {
        var polls = 0
        let changedOn: Set<Int>
        init(changedOn: Set<Int>) { self.changedOn = changedOn }
        func pollForChange() async -> Bool {
            polls += 1
            return changedOn.contains(polls)
        }
    }

    /// Waits (at most 20 s) until `condition` holds.
    func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("reconciles at start, then again on its interval")
    func interval() async throws {
        let reconciler = RecordingReconciler()
        let loop = ReconcileLoop(configuration: ReconcileLoopConfiguration(interval: .milliseconds(20), jitter: 0),
                                 reconciler: reconciler, source: nil)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                #expect(await eventually { await reconciler.count() >= 3 })
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let batches = await reconciler.batches
        #expect(batches.first == [.startup])
        #expect(batches.dropFirst().allSatisfy { $0 == [.interval] })
        #expect(await loop.currentStatus().isReady)
    }

    @Test("requests during a reconcile collapse into one follow-up reconcile")
    func coalescing() async throws {
        let reconciler = RecordingReconciler(duration: .milliseconds(300))
        let loop = ReconcileLoop(configuration: ReconcileLoopConfiguration(interval: .seconds(3600)),
                                 reconciler: reconciler, source: nil)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                #expect(await eventually { await reconciler.inFlight })
                for _ in 0..<5 { loop.request(.webhook) }
                loop.request(.request)
                #expect(await eventually { await reconciler.finished(2) })
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(await reconciler.batches == [[.startup], [.webhook, .request]])
    }

    @Test("a new revision from the source triggers a reconcile")
    func sourceChange() async throws {
        let reconciler = RecordingReconciler()
        let source = ScriptedSource(changedOn: [3])
        let loop = ReconcileLoop(configuration: ReconcileLoopConfiguration(interval: .seconds(3600), sourceInterval: .milliseconds(10)),
                                 reconciler: reconciler, source: source)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                #expect(await eventually { await reconciler.count() >= 2 })
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(await reconciler.batches.contains([.sourceChanged]))
        #expect(await source.polls >= 3)
    }

    @Test("transient failures are retried at the retry interval, not the (long) reconcile interval")
    func retries() async throws {
        let reconciler = RecordingReconciler(result: .failed(ReconcileFailure(.transient, "state store locked")))
        let loop = ReconcileLoop(configuration: ReconcileLoopConfiguration(interval: .seconds(3600), retryInterval: .milliseconds(5)),
                                 reconciler: reconciler, source: nil)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                #expect(await eventually { await reconciler.count() >= 4 })
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let status = await loop.currentStatus()
        #expect(status.condition(.reconciling)?.reason == .progressingWithRetry)
        #expect(status.consecutiveFailures >= 4)
    }

    @Test("graceful shutdown lets the reconcile in flight finish and records it")
    func gracefulShutdown() async throws {
        let reconciler = RecordingReconciler(duration: .milliseconds(300))
        let loop = ReconcileLoop(configuration: ReconcileLoopConfiguration(interval: .seconds(3600)),
                                 reconciler: reconciler, source: nil)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                #expect(await eventually { await reconciler.inFlight })
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(await reconciler.inFlight == false)
        let status = await loop.currentStatus()
        #expect(status.reconciles == 1)
        #expect(status.runningSince == nil)
    }
}
