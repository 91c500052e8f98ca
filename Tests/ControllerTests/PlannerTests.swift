import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("planner: actions, order, approval, windows, VER-3, SNP-2")
struct PlannerTests {
    static let saturdayNight = Timestamp.parse("2026-11-28T22:30:00Z")!   // Sat 23:30 Berlin: window open

    func ids(_ plan: Plan) -> [String] { plan.actions.map(\.id) }

    func action(_ plan: Plan, _ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> PlannedAction {
        try #require(plan.actions.first { $0.id == id }, "no action \(id) in \(ids(plan))", sourceLocation: sourceLocation)
    }

    @Test("a version target: standbys first, a snapshot around the live update (SNP-2), the live system last")
    func standbyBeforeLive() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        world.edit("policy:\n", "policy:\n  actions: { updateVersion: auto }\n")
        let plan = try world.plan(now: Self.saturdayNight)
        let order = ids(plan)
        let standby = "updateVersion:standby/starface/system"
        let live = "updateVersion:live/starface/system"
        let take = "createSnapshot:vc/vm/starface-pbx01#snapshot:sfreconcile-before-updateVersion"
        let remove = "removeSnapshot:vc/vm/starface-pbx01#snapshot:sfreconcile-before-updateVersion"
        #expect(order == [standby, take, live, remove])
        let liveAction = try action(plan, live)
        #expect(Set(liveAction.dependsOn) == [take, standby])
        #expect(liveAction.impact == .outage)
        #expect(!liveAction.reversible)
        #expect(try action(plan, remove).dependsOn == [live])
        #expect(try action(plan, take).fixes == [.snp2])
        #expect(try action(plan, take).approval == .auto)
        #expect(plan.actions.allSatisfy { $0.runnableNow })
    }

    @Test("the live update waits for the standby's approval; everything around it says why")
    func waitsForApproval() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        let plan = try world.plan(now: Self.saturdayNight)
        let standby = try action(plan, "updateVersion:standby/starface/system")
        #expect(standby.approval == .approve)
        #expect(standby.notRunnableReason == "needs approval (policy.actions.updateVersion: approve)")
        let take = try action(plan, "createSnapshot:vc/vm/starface-pbx01#snapshot:sfreconcile-before-updateVersion")
        #expect(take.approval == .approve)
        #expect(!take.runnableNow)
    }

    @Test("VER-3 blocks the live update when a standby cannot follow, and everything hanging on it")
    func blockedLiveUpdate() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        world.standby.version = World.v12
        let plan = try world.plan(now: Self.saturdayNight)
        let live = try action(plan, "updateVersion:live/starface/system")
        #expect(live.blockedBy == [.ver3])
        #expect(!live.runnableNow)
        #expect(live.notRunnableReason?.hasPrefix("blocked by VER-3: ") == true)
        #expect(try action(plan, "createSnapshot:vc/vm/starface-pbx01#snapshot:sfreconcile-before-updateVersion").isBlocked)
        #expect(try action(plan, "removeSnapshot:vc/vm/starface-pbx01#snapshot:sfreconcile-before-updateVersion").isBlocked)
        // The standby would need a downgrade: blocked too.
        #expect(try action(plan, "updateVersion:standby/starface/system").blockedBy == [.ver3])
        #expect(plan.alerts.filter { $0.rule == .ver3 && $0.cause == .blocked }.count == 2)
        #expect(!plan.applyable)
        #expect(plan.summary.blocked == 4)
    }

    @Test("VER-3 blocks a downgrade of the standby")
    func blockedDowngrade() throws {
        var world = World()
        world.standby.version = World.v12
        let plan = try world.plan()
        let update = try action(plan, "updateVersion:standby/starface/system")
        #expect(update.isBlocked)
        #expect(update.parameters.contains(ActionParameter("version", "8.1.0.11")))
    }

    @Test("disruptive actions wait for a maintenance window; harmless ones run now")
    func maintenanceWindows() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("before-update", age: 9 * 86_400, id: "snapshot-1")]
        world.backups.files = [BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-2 * 86_400), size: 100)]
        let wednesday = try world.plan()
        let delete = try action(wednesday, "deleteSnapshot:vc/vm/starface-pbx01#snapshot:snapshot-1")
        #expect(delete.disruptive)
        #expect(!delete.runnableNow)
        #expect(delete.notRunnableReason == "disruptive: waits for a maintenance window (next opens Sat 2026-11-28 22:00 Europe/Berlin)")
        let backup = try action(wednesday, "triggerBackup:live/starface/system")
        #expect(!backup.disruptive)
        #expect(backup.runnableNow)
        #expect(try action(world.plan(now: Self.saturdayNight), delete.id).runnableNow)

        world.edit("  maintenanceWindows:\n    - { days: [sat, sun], from: \"22:00\", to: \"05:00\", timeZone: Europe/Berlin }", "")
        let none = try world.plan(now: Self.saturdayNight)
        #expect(try action(none, delete.id).notRunnableReason == "disruptive, and no maintenance window is defined (policy.maintenanceWindows)")
    }

    @Test("policy never: no action, an alert instead")
    func policyNever() throws {
        var world = World()
        world.edit("policy:\n", "policy:\n  actions: { deleteSnapshot: never }\n")
        world.liveVM.snapshots = [world.snapshot("old", age: 9 * 86_400)]
        let plan = try world.plan()
        #expect(plan.actions.isEmpty)
        let alert = try #require(plan.alerts.first { $0.rule == .snp1 })
        #expect(alert.cause == .policyNever)
        #expect(alert.message.hasSuffix("(policy.actions.deleteSnapshot: never)"))
    }

    @Test("suspended instances: findings, alerts, no actions")
    func suspended() throws {
        var world = World()
        world.edit("  pbx:\n    live:", "  pbx:\n    suspended: true\n    live:")
        world.liveVM.snapshots = [world.snapshot("old", age: 9 * 86_400)]
        let plan = try world.plan()
        #expect(plan.actions.isEmpty)
        #expect(plan.findings.contains { $0.rule == .snp1 && $0.status == .violated })
        #expect(plan.alerts.contains { $0.rule == .snp1 && $0.cause == .suspended })
        #expect(plan.instances.first?.suspended == true)
    }

    @Test("VER-1 and VER-2 proposing the same update make one action fixing both")
    func merged() throws {
        var world = World()
        world.standby.version = World.v9
        let plan = try world.plan()
        let updates = plan.actions.filter { $0.type == .updateVersion }
        #expect(updates.count == 1)
        #expect(updates.first?.fixes == [.ver1, .ver2])
        #expect(updates.first?.findings.count == 2)
        #expect(plan.findings.filter { $0.action == updates.first?.id }.count == 2)
    }

    @Test("turning on FT waits for the VM's stale snapshots to go")
    func ftAfterSnapshots() throws {
        var world = World()
        world.liveVM.ftState = .notConfigured
        world.liveVM.snapshots = [world.snapshot("old", age: 9 * 86_400, id: "snapshot-3")]
        let plan = try world.plan(now: Self.saturdayNight)
        let ft = try action(plan, "enableFaultTolerance:vc/vm/starface-pbx01")
        #expect(ft.dependsOn == ["deleteSnapshot:vc/vm/starface-pbx01#snapshot:snapshot-3"])
        #expect(ids(plan).firstIndex(of: ft.id)! > ids(plan).firstIndex(of: ft.dependsOn[0])!)
        #expect(ft.approval == .approve)
    }

    @Test("reconfiguring a standby VM's CPUs is guarded by SNP-2 snapshots of that VM")
    func guardedReconfigure() throws {
        var world = World()
        world.replicaVM.numCPU = 2
        let plan = try world.plan()
        #expect(ids(plan) == [
            "createSnapshot:vc-b/vm/starface-pbx01#snapshot:sfreconcile-before-reconfigureStandbyCpu",
            "reconfigureStandbyCpu:vc-b/vm/starface-pbx01",
            "removeSnapshot:vc-b/vm/starface-pbx01#snapshot:sfreconcile-before-reconfigureStandbyCpu",
        ])
        // removeSnapshot consolidates disks: disruptive, so the whole sequence waits for the window.
        #expect(try action(plan, ids(plan)[2]).disruptive)
    }

    @Test("a fresh backup precedes the live update")
    func backupBeforeLiveUpdate() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        world.backups.files = [BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-2 * 86_400), size: 100)]
        let plan = try world.plan()
        #expect(try action(plan, "updateVersion:live/starface/system").dependsOn.contains("triggerBackup:live/starface/system"))
    }

    @Test("action ids are stable across runs and times")
    func stableIDs() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("old", age: 9 * 86_400, id: "snapshot-8")]
        let first = ids(try world.plan())
        world.observedAt = World.t0.addingTimeInterval(3600)
        #expect(ids(try world.plan(now: Self.saturdayNight)) == first)
        #expect(first == ["deleteSnapshot:vc/vm/starface-pbx01#snapshot:snapshot-8"])
    }
}
