import Controller
import Foundation
import TestSupport
import Synchronization
import Testing

/// The fault test of docs/reliability.md: 100 applies against vcsim, each killed with
/// SIGKILL at a random point, then restarted until done; after each, no duplicate snapshot,
/// no lost or doubled action record, a consistent store.
///
/// Kill points: most iterations make the process kill itself at a random journal
/// checkpoint (`SFRECONCILE_TEST_KILL_AT=N`: after the run is recorded, after each action's
/// `intent`, after `started`, after the provider answered, after `done`); every fourth is
/// killed by the test after a random delay instead (start-up, observation, planning, or
/// anywhere); every third restart is killed again at a random checkpoint, so recovery itself
/// is interrupted. `SFRECONCILE_CRASH_ITERATIONS` changes the count (default 100).
@Suite("apply survives kill -9 at random points (vcsim)", .enabled(if: VCSim.isAvailable, VCSim.unavailableReason))
struct ApplyCrashTests {
    static let iterations = ProcessInfo.processInfo.environment["SFRECONCILE_CRASH_ITERATIONS"].flatMap(Int.init) ?? 100
    /// Checkpoints of an uninterrupted apply of the scenario's four actions: 1 + 4 × 4.
    static let checkpoints = 17

    /// What one iteration saw.
    struct Outcome: Sendable {
        var kills = 0
        var points: [String] = []
        var restarts = 0
        var duplicates = 0
        var lost = 0
        var failures: [String] = []
    }

    @Test("100 kills: no duplicate snapshot, every action recorded done exactly once, store consistent")
    func killLoop() throws {
        // Four iterations at a time, each with its own simulator and store: the loop waits
        // mostly on process start-up and loopback round trips, not on the CPU.
        let outcomes = Mutex([Outcome]())
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for iteration in stride(from: worker, to: Self.iterations, by: 4) {
                let outcome: Outcome
                do {
                    outcome = try Self.iteration(iteration)
                } catch {
                    outcome = Outcome(failures: ["iteration \(iteration): \(error)"])
                }
                outcomes.withLock { $0.append(outcome) }
            }
        }
        let all = outcomes.withLock { $0 }
        let kills = all.map(\.kills).reduce(0, +), duplicates = all.map(\.duplicates).reduce(0, +), lost = all.map(\.lost).reduce(0, +)
        let points = Set(all.flatMap(\.points))
        print("crash test: \(Self.iterations) iterations, \(kills) kills, \(points.count) distinct points hit, \(all.map(\.restarts).reduce(0, +)) restarts, \(duplicates) duplicates, \(lost) lost")
        print("points: " + points.sorted().joined(separator: "; "))
        for failure in all.flatMap(\.failures) { Issue.record(Comment(rawValue: failure)) }
        #expect(all.count == Self.iterations)
        #expect(duplicates == 0)
        #expect(lost == 0)
        #expect(kills >= Self.iterations * 2 / 3)
    }

    /// One scenario: apply, killed; sometimes the recovery killed too; restarted until done; checked.
    static func iteration(_ iteration: Int) throws -> Outcome {
        var generator = SystemRandomNumberGenerator()
        var outcome = Outcome()
        func check(_ condition: Bool, _ text: @autoclosure () -> String) {
            if !condition { outcome.failures.append("iteration \(iteration): \(text())") }
        }
        let s = try ApplyScenario()
        // The first apply, killed.
        let byDelay = iteration % 4 == 3
        let first = byDelay
            ? try s.apply(["--auto-approve"], killAfter: .milliseconds(Int.random(in: 0...600, using: &generator)))
            : try s.apply(["--auto-approve"], killAt: Int.random(in: 1...checkpoints, using: &generator))
        if first.killed {
            outcome.kills += 1
            outcome.points.append(try point(s, byDelay: byDelay))
        } else {
            check(first.status == 0, "first apply: \(first.stderr)")
        }
        // Sometimes the recovery is killed too.
        if iteration % 3 == 0 {
            let second = try s.apply(["--auto-approve"], killAt: Int.random(in: 1...8, using: &generator))
            if second.killed {
                outcome.kills += 1
                outcome.points.append("recovery " + (try point(s, byDelay: false)))
            }
        }
        // Restart until it finishes by itself.
        var final = try s.apply(["--auto-approve"])
        outcome.restarts += 1
        if final.status != 0 {
            final = try s.apply(["--auto-approve"])
            outcome.restarts += 1
        }
        check(final.status == 0, "final apply: \(final.stderr)")

        // vcsim: the stale snapshot gone, the standby reconfigured, no snapshot left or doubled.
        let estate = try s.observe()
        let live = ApplyScenario.snapshotNames(estate.live), replica = ApplyScenario.snapshotNames(estate.replica)
        if !live.isEmpty || !replica.isEmpty { outcome.duplicates += 1 }
        check(live.isEmpty && replica.isEmpty, "snapshots left: \(live) \(replica)")
        check(estate.replica["num_cpu"] as? Int == 1, "standby not reconfigured: \(estate.replica["num_cpu"] ?? "?")")

        // The store: every run finished; each of the four actions done exactly once over all
        // runs; nothing left in flight; SQLite's check passes.
        let store = try s.store()
        let ledger = RunLedger(store: store)
        check(try ledger.runs().allSatisfy { $0.status != .running }, "a run is still running")
        let records = try ledger.actions()
        check(records.allSatisfy { $0.status.isTerminal }, "actions in flight: \(records)")
        let done = Dictionary(grouping: records.filter { $0.status == .done }, by: \.actionID)
        if done.count != 4 || done.values.contains(where: { $0.count != 1 }) { outcome.lost += 1 }
        check(done.count == 4 && done.values.allSatisfy { $0.count == 1 }, "done records \(done.mapValues(\.count))")
        check(try store.integrityCheck() == "ok", "integrity check failed")
        return outcome
    }

    /// Where the kill landed: the last journal entry (phase and action kind), or before any.
    static func point(_ s: ApplyScenario, byDelay: Bool) throws -> String {
        let prefix = byDelay ? "delay: " : "checkpoint: "
        guard StateStore.exists(in: s.stateDirectory.path) else { return prefix + "before the store was opened" }
        let ledger = RunLedger(store: try s.store())
        guard let last = try ledger.journal().last else {
            return prefix + (try ledger.runs().isEmpty ? "before the run was recorded" : "run recorded, no action begun")
        }
        return prefix + "after \(last.phase.rawValue) of \(last.actionID.split(separator: ":").first ?? "")"
    }
}
