import Controller
import Foundation
import Providers
import Testing

@Suite("Instance backoff")
struct InstanceBackoffTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a failing instance waits longer after each failure, capped; others are not held back")
    func grows() {
        var backoff = InstanceBackoff()
        let policy = RetryPolicy(maxAttempts: .max, initialDelay: .seconds(30), maxDelay: .seconds(100), multiplier: 2, jitter: 0)
        var waits: [Double] = []
        for _ in 1...4 {
            backoff.recordFailure(of: "pbx-a", message: "task failed", at: t0, policy: policy, random: 0.5)
            waits.append(backoff.entries["pbx-a"]!.retryAt.timeIntervalSince(t0))
        }
        #expect(waits == [30, 60, 100, 100])
        #expect(!backoff.allows("pbx-a", at: t0.addingTimeInterval(99)))
        #expect(backoff.allows("pbx-a", at: t0.addingTimeInterval(100)))
        #expect(backoff.allows("pbx-b", at: t0))
        backoff.recordSuccess(of: "pbx-a")
        #expect(backoff.allows("pbx-a", at: t0))
    }

    @Test("jitter shortens a wait by at most its fraction")
    func jitter() {
        var backoff = InstanceBackoff()
        backoff.recordFailure(of: "pbx", message: "x", at: t0, policy: InstanceBackoff.defaultPolicy, random: 0.999)
        let wait = backoff.entries["pbx"]!.retryAt.timeIntervalSince(t0)
        #expect(wait >= 30 * 0.8 && wait <= 30)
    }
}

@Suite("Reconcile triggers")
struct ReconcileTriggersTests {
    @Test("triggers posted while nobody waits collapse into one batch")
    func coalesce() async {
        let triggers = ReconcileTriggers()
        await triggers.post(.webhook)
        await triggers.post(.webhook)
        await triggers.post(.interval)
        #expect(await triggers.next() == [.webhook, .interval])
    }

    @Test("a waiting loop wakes on a post; finish ends it")
    func wakes() async {
        let triggers = ReconcileTriggers()
        async let first = triggers.next()
        try? await Task.sleep(for: .milliseconds(50))
        await triggers.post(.request)
        #expect(await first == [.request])
        await triggers.finish()
        #expect(await triggers.next() == nil)
        await triggers.post(.webhook)
        #expect(await triggers.next() == nil)
    }

    @Test("cancelling the waiting task ends the wait")
    func cancel() async {
        let triggers = ReconcileTriggers()
        let task = Task { await triggers.next() }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(await task.value == nil)
    }
}
