import Controller
import Foundation
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
@Suite("apply survives kill -9 at random points (vcsim)", .enabled(if: ApplyScenario.isAvailable, "vcsim harness unavailable"))
struct ApplyCrashTests {
    static let iterations = ProcessInfo.processInfo.environment["SFRECONCILE_CRASH_ITERATIONS"].flatMap(Int.init) ?? 100
    /// Checkpoints of an uninterrupted apply of the scenario's four actions: 1 + 4 × 4.
    static let checkpoints = 17

    @Test("100 kills: no duplicate snapshot, every action recorded done exactly once, store consistent")
    func killLoop() throws {
        var generator = SystemRandomNumberGenerator()
        var kills = 0, pointsHit = Set<String>(), duplicates = 0, lost = 0, restarts = 0
        for iteration in 0..<Self.iterations {
            let s = try ApplyScenario()
            // The first apply, killed.
            let byDelay = iteration % 4 == 3
            let first = byDelay
                ? try s.apply(["--auto-approve"], killAfter: .milliseconds(Int.random(in: 0...600, using: &generator)))
                : try s.apply(["--auto-approve"], killAt: Int.random(in: 1...Self.checkpoints, using: &generator))
            if first.killed {
                kills += 1
                pointsHit.insert(try Self.point(s, byDelay: byDelay))
            } else {
                #expect(first.status == 0, "iteration \(iteration): \(first.stderr)")
            }
            // Sometimes the recovery is killed too.
            if iteration % 3 == 0 {
                let second = try s.apply(["--auto-approve"], killAt: Int.random(in: 1...8, using: &generator))
                if second.killed {
                    kills += 1
                    pointsHit.insert("recovery " + (try Self.point(s, byDelay: false)))
                }
            }
            // Restart until it finishes by itself.
            var final = try s.apply(["--auto-approve"])
            restarts += 1
            if final.status != 0 {
                final = try s.apply(["--auto-approve"])
                restarts += 1
            }
            #expect(final.status == 0, "iteration \(iteration): \(final.stderr)")

            // vcsim: the stale snapshot gone, the standby reconfigured, no snapshot left or doubled.
            let estate = try s.observe()
            let live = ApplyScenario.snapshotNames(estate.live), replica = ApplyScenario.snapshotNames(estate.replica)
            if !live.isEmpty || !replica.isEmpty { duplicates += 1 }
            #expect(live.isEmpty && replica.isEmpty, "iteration \(iteration): snapshots left: \(live) \(replica)")
            #expect(estate.replica["num_cpu"] as? Int == 1, "iteration \(iteration)")

            // The store: every run finished; each of the four actions done exactly once over
            // all runs; nothing left in flight; SQLite's check passes.
            let store = try s.store()
            let ledger = RunLedger(store: store)
            #expect(try ledger.runs().allSatisfy { $0.status != .running }, "iteration \(iteration)")
            let records = try ledger.actions()
            #expect(records.allSatisfy { $0.status.isTerminal }, "iteration \(iteration): \(records)")
            let done = Dictionary(grouping: records.filter { $0.status == .done }, by: \.actionID)
            if done.count != 4 || done.values.contains(where: { $0.count != 1 }) { lost += 1 }
            #expect(done.count == 4 && done.values.allSatisfy { $0.count == 1 },
                    "iteration \(iteration): done records \(done.mapValues(\.count))")
            #expect(try store.integrityCheck() == "ok")
        }
        let summary = "crash test: \(Self.iterations) iterations, \(kills) kills, \(pointsHit.count) distinct points hit, \(restarts) restarts, \(duplicates) duplicates, \(lost) lost"
        print(summary)
        print("points: " + pointsHit.sorted().joined(separator: "; "))
        #expect(kills >= Self.iterations * 2 / 3)
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
