import Controller
import Foundation
import TestSupport
import Testing

/// `sfreconcile apply`, `approve` and `force-unlock` run as a user runs them, against vcsim
/// (govmomi's vCenter simulator, a real SOAP peer on loopback).
@Suite("apply command against vcsim", .enabled(if: VCSim.isAvailable, VCSim.unavailableReason))
struct ApplyCommandTests {
    static let stale = "deleteSnapshot:vc/vm/DC0_C0_RP0_VM0#snapshot:"
    static let reconfigure = "reconfigureStandbyCpu:vc-b/vm/DC0_H0_VM0"
    static let take = "createSnapshot:vc-b/vm/DC0_H0_VM0#snapshot:sfreconcile-before-reconfigureStandbyCpu"

    @Test("plans live and applies: the stale snapshot is deleted, an SNP-2 snapshot taken and removed, the standby's vCPUs set; JSON lines")
    func applyLive() throws {
        let s = try ApplyScenario()
        let before = try s.observe()
        #expect(ApplyScenario.snapshotNames(before.live) == [ApplyScenario.stale])
        #expect(before.replica["num_cpu"] as? Int == 2)

        let result = try s.apply(["--auto-approve", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let events = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let finished = events.filter { $0["event"] as? String == "finished" }
        #expect(finished.count == 4)
        #expect(finished.allSatisfy { $0["status"] as? String == "done" && $0["changed"] as? Bool == true && $0["elapsed_seconds"] is Double })
        #expect(finished.map { $0["action"] as? String ?? "" }.filter { $0.hasPrefix("createSnapshot") || $0.hasPrefix("reconfigure") || $0.hasPrefix("removeSnapshot") }
            == [Self.take, Self.reconfigure, "removeSnapshot:vc-b/vm/DC0_H0_VM0#snapshot:sfreconcile-before-reconfigureStandbyCpu"])

        let after = try s.observe()
        #expect(ApplyScenario.snapshotNames(after.live).isEmpty)
        #expect(ApplyScenario.snapshotNames(after.replica).isEmpty)
        #expect(after.replica["num_cpu"] as? Int == 1)
        #expect(after.replica["cores_per_socket"] as? Int == 1)

        let store = try s.store()
        let runs = try RunLedger(store: store).runs()
        #expect(runs.map(\.status) == [.succeeded])
        #expect(try RunLedger(store: store).actions().allSatisfy { $0.status == .done })
        #expect(try ObservationHistory(store: store).count() == 1)

        // Nothing left to do: a second apply plans no changes.
        let again = try s.apply(["--auto-approve"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("No changes to apply."))
    }

    @Test("without a terminal and without --auto-approve, apply refuses and changes nothing")
    func needsAutoApprove() throws {
        let s = try ApplyScenario()
        let result = try s.apply()
        #expect(result.status == 1)
        #expect(result.stderr.contains("pass --auto-approve"))
        #expect(ApplyScenario.snapshotNames(try s.observe().live) == [ApplyScenario.stale])
    }

    @Test("an approval-gated action waits, with its SNP-2 pair, until `sfreconcile approve ID`")
    func approvalGate() throws {
        let s = try ApplyScenario(reconfigureApproval: "approve")
        let first = try s.apply(["--auto-approve"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("skipped  \(Self.reconfigure) (0.0s): needs approval: run `sfreconcile approve \(Self.reconfigure)`"),
                "\(first.stdout)")
        let waiting = try s.observe()
        #expect(ApplyScenario.snapshotNames(waiting.live).isEmpty)   // the auto action ran
        #expect(waiting.replica["num_cpu"] as? Int == 2)
        #expect(ApplyScenario.snapshotNames(waiting.replica).isEmpty)   // no SNP-2 snapshot without its change

        let approve = try s.run(["approve", Self.reconfigure, "--state-dir", s.stateDirectory.path])
        #expect(approve.status == 0)
        let second = try s.apply(["--auto-approve"])
        #expect(second.status == 0, "\(second.stderr)")
        let done = try s.observe()
        #expect(done.replica["num_cpu"] as? Int == 1)
        #expect(ApplyScenario.snapshotNames(done.replica).isEmpty)
        #expect(try Approvals(store: try s.store()).approved().isEmpty)
    }

    @Test("a saved plan applies while it holds, and is refused as stale once the estate changed")
    func stalePlan() throws {
        let s = try ApplyScenario()
        let plan = s.directory.appendingPathComponent("plan.json").path
        let planned = try s.run(["plan", s.specDirectory.path, "--out", plan, "--allow-incomplete", "--state-dir", s.stateDirectory.path])
        #expect(planned.status == 0, "\(planned.stderr)")
        // Someone deletes the stale snapshot meanwhile (here: an apply of only that action).
        let other = try s.apply(["--auto-approve", "--only", "deleteSnapshot"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try s.observe().replica["num_cpu"] as? Int == 2)

        let refused = try s.run(["apply", plan, s.specDirectory.path, "--state-dir", s.stateDirectory.path, "--allow-incomplete"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the plan is stale: what it was planned against has changed"), "\(refused.stderr)")
        #expect(try s.observe().replica["num_cpu"] as? Int == 2)

        let fresh = s.directory.appendingPathComponent("fresh.json").path
        #expect(try s.run(["plan", s.specDirectory.path, "--out", fresh, "--allow-incomplete"]).status == 0)
        let applied = try s.run(["apply", fresh, s.specDirectory.path, "--state-dir", s.stateDirectory.path, "--allow-incomplete"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try s.observe().replica["num_cpu"] as? Int == 1)
    }

    @Test("a held lock blocks apply, which names the holder; force-unlock removes it")
    func lock() async throws {
        let s = try ApplyScenario()
        let store = try StateStore(directory: s.stateDirectory.path)
        let holder = LockInfo(id: "feed1234", operation: "apply", who: "alice@elsewhere", host: "elsewhere", pid: 99, acquiredAt: Date())
        _ = try await StateLock(store: store).acquire(holder, timeout: .zero)
        let blocked = try s.apply(["--auto-approve"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("lock feed1234: apply by alice@elsewhere (pid 99)"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("sfreconcile force-unlock feed1234"))
        let unlock = try s.run(["force-unlock", "feed1234", "--state-dir", s.stateDirectory.path])
        #expect(unlock.status == 0, "\(unlock.stderr)")
        #expect(try s.apply(["--auto-approve"]).status == 0)
    }
}
