import Controller
import Foundation
import Providers
import Spec
import Testing

/// `ControllerReconciler` with a folder spec and `FakeVMProvider` (an in-process hypervisor
/// written from PROVIDERS.md; the reconciler against vcsim is in EndToEndTests/RunCommandTests):
/// one VM with a 30-day-old snapshot that a 72h `maxAge` forbids.
struct ControllerReconcilerTests {
    let directory: URL
    let store: StateStore
    let provider: FakeVMProvider
    let now = World.t0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-reconciler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("spec"), withIntermediateDirectories: true)
        try Self.spec.write(to: directory.appendingPathComponent("spec/spec.yaml"), atomically: true, encoding: .utf8)
        store = try StateStore(directory: directory.appendingPathComponent("state").path)
        var vm = VMState(hypervisor: .vsphere, id: "vm-42", name: "starface-pbx01")
        vm.powerState = .poweredOn
        vm.snapshots = [VMSnapshot(id: "snapshot-old", name: "old", createTime: World.t0.addingTimeInterval(-30 * 86_400))]
        provider = FakeVMProvider(name: "vc", vms: [vm])
    }

    static let spec = """
        apiVersion: sfreconcile/v1
        sites: { a: {} }
        providers:
          vc: { type: vsphere, url: "https://127.0.0.1:9", username: u, password: "${env:VC_PASSWORD}", site: a }
        instances:
          pbx:
            live: { site: a, platform: vm, vm: { provider: vc, name: starface-pbx01 } }
            snapshots: { maxAge: 72h }
        policy:
          maintenanceWindows:
            - { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }
        """

    func reconciler(path: String? = nil) -> ControllerReconciler {
        let provider = self.provider
        let now = self.now
        return ControllerReconciler(
            source: .directory(path ?? directory.appendingPathComponent("spec").path), store: store, metrics: ControllerMetrics(),
            applyConfiguration: ApplyConfiguration(actionTimeout: .seconds(30), maxAttempts: 1),
            environment: ["VC_PASSWORD": "x"], now: { now }, random: { 0 }, makeRegistry: { _ in ProviderRegistry([provider]) })
    }

    func summary(_ outcome: ReconcileOutcome) throws -> ReconcileSummary {
        guard case .reconciled(let summary) = outcome.result else {
            throw Failure("expected a plan, got \(outcome.result)")
        }
        return summary
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("a reconcile plans the stale snapshot's deletion and applies it; the next one finds nothing to do")
    func appliesAutoActions() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reconciler = reconciler()
        let first = try summary(await reconciler.reconcile([.startup]))
        #expect(first.complete)
        #expect(first.actionsSucceeded == 1)
        #expect(first.actionsFailed.isEmpty)
        #expect(provider.vm("starface-pbx01")?.snapshots.isEmpty == true)
        #expect(await reconciler.latestPlan?.actions.map(\.type) == [.deleteSnapshot])
        let second = try summary(await reconciler.reconcile([.interval]))
        #expect(second.actionsSucceeded == 0 && second.actionsWaiting == 0 && second.complete)
        #expect(try ControllerDocuments(store: store).load(ControllerDocuments.alerts) != nil)
    }

    @Test("a suspended instance is planned but not acted on; resumed, it is")
    func suspendedInstanceWaits() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try Suspensions(store: store).suspend("pbx", who: "test", at: now)
        let reconciler = reconciler()
        let held = try summary(await reconciler.reconcile([.startup]))
        #expect(held.actionsWaiting == 1 && held.actionsSucceeded == 0)
        #expect(provider.performed.isEmpty)
        #expect(try Suspensions(store: store).resume("pbx"))
        #expect(try summary(await reconciler.reconcile([.request])).actionsSucceeded == 1)
    }

    @Test("a failed action puts its instance in backoff: the next reconcile does not retry it")
    func failedActionBacksOff() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        provider.failNextPerform(with: ProviderError(.precondition, "snapshot is locked", provider: "vc"))
        let reconciler = reconciler()
        let failed = try summary(await reconciler.reconcile([.startup]))
        #expect(failed.actionsFailed.map(\.instance) == ["pbx"])
        #expect(await reconciler.backoffEntries["pbx"]?.failures == 1)
        let performed = provider.performed.count
        let next = try summary(await reconciler.reconcile([.interval]))
        #expect(next.actionsWaiting == 1 && next.actionsFailed.isEmpty)
        #expect(provider.performed.count == performed)
    }

    @Test("a lock held by a running apply is a transient failure")
    func lockHeldIsTransient() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let other = LockInfo(id: "other", operation: "apply", who: "admin@elsewhere", host: "another-host", pid: 1, acquiredAt: now)
        _ = try await StateLock(store: store).acquire(other, timeout: .zero)
        let outcome = await reconciler().reconcile([.startup])
        guard case .failed(let failure) = outcome.result else { throw Failure("expected a failure") }
        #expect(failure.retry == .transient)
        #expect(failure.message.contains("admin@elsewhere"))
        #expect(provider.performed.isEmpty)
    }

    @Test("an invalid folder spec stalls the controller with advice")
    func invalidSpecStalls() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try "apiVersion: sfreconcile/v1\ninstances: { pbx: { live: 3 } }\n"
            .write(to: directory.appendingPathComponent("spec/spec.yaml"), atomically: true, encoding: .utf8)
        let outcome = await reconciler().reconcile([.startup])
        guard case .failed(let failure) = outcome.result else { throw Failure("expected a failure") }
        #expect(failure.retry == .stalling)
        #expect(failure.message.contains("sfreconcile validate"))
    }
}
