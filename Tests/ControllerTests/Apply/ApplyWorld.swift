import Controller
import Foundation
import Providers
import Spec
import Testing

/// `World` with work to do: a 5-day-old snapshot on the live VM (SNP-1) and a powered-off
/// replica with 2 vCPUs where the live VM has 4 (HWID-1, guarded by SNP-2), observed on
/// Wednesday and planned on a Saturday night (maintenance window open); the providers are `FakeVMProvider`s holding
/// the same VMs, and the store is a fresh directory.
struct ApplyWorld {
    static let saturdayNight = Timestamp.parse("2026-11-28T22:30:00Z")!

    var world = World()
    let store: StateStore
    let live: FakeVMProvider
    let replica: FakeVMProvider

    static let stale = "deleteSnapshot:vc/vm/starface-pbx01#snapshot:snapshot-old"
    static let take = "createSnapshot:vc-b/vm/starface-pbx01#snapshot:sfreconcile-before-reconfigureStandbyCpu"
    static let reconfigure = "reconfigureStandbyCpu:vc-b/vm/starface-pbx01"
    static let remove = "removeSnapshot:vc-b/vm/starface-pbx01#snapshot:sfreconcile-before-reconfigureStandbyCpu"

    init(approval: String = "auto") throws {
        world.liveVM.snapshots = [world.snapshot("old", age: 5 * 86_400)]
        world.replicaVM.numCPU = 2
        world.replicaVM.coresPerSocket = 1
        world.edit("policy:\n", "policy:\n  actions: { reconfigureStandbyCpu: \(approval) }\n")
        store = try StateStore(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("sfreconcile-apply-\(UUID().uuidString)").path)
        live = FakeVMProvider(name: "vc", vms: [world.liveVM])
        replica = FakeVMProvider(name: "vc-b", vms: [world.replicaVM])
    }

    /// The plan, written as JSON and read back as `apply` reads a saved plan.
    func savedPlan() throws -> SavedPlan {
        let plan = try world.plan(now: Self.saturdayNight)
        return try SavedPlan.parse([UInt8](PlanJSONRenderer().renderData(plan)), source: "test plan")
    }

    func applier() -> Applier {
        Applier(store: store, registry: ProviderRegistry([live, replica]),
                configuration: ApplyConfiguration(parallelism: 2, actionTimeout: .seconds(30), maxAttempts: 3, backoff: .milliseconds(1),
                                                  maxBackoff: .milliseconds(2)))
    }

    func status(_ report: RunReport, _ id: String) -> ActionStatus? {
        report.actions.first { $0.actionID == id }?.status
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: store.directory)
    }
}
