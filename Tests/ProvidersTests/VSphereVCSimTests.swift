import Foundation
@testable import Providers
import Spec
import Testing
import TestSupport

/// The vSphere provider against vcsim (govmomi's simulator) on loopback.
@Suite("vSphere provider against vcsim", .enabled(if: VCSim.isAvailable, VCSim.unavailableReason))
struct VSphereVCSimTests {
    /// One simulator for the tests that only read or that each change their own VM.
    static let shared = Result { try VCSim(vms: 3) }

    @Test("observes CPU configuration, host CPU model, cluster, power and FT state and addresses")
    func observe() async throws {
        let vcsim = try Self.shared.get()
        let provider = vcsim.provider()
        // vcsim's back doors: extraConfig keys SET.<property> set runtime and guest state.
        try await provider.testReconfigure("DC0_C0_RP0_VM0", numCPU: 4, coresPerSocket: 2, extraConfig: [
            "SET.runtime.faultToleranceState": "running", "SET.guest.ipAddress": "10.20.30.40",
        ])
        let ref = ResourceRef.vm("DC0_C0_RP0_VM0", on: "vc")
        let observed = await provider.observe([ref])
        let vm = try #require(observed[ref]?.state?.vm)
        #expect(vm.hypervisor == .vsphere)
        #expect(vm.name == "DC0_C0_RP0_VM0")
        #expect(vm.numCPU == 4)
        #expect(vm.coresPerSocket == 2)
        #expect(vm.ftState == .running)
        #expect(vm.ipAddresses == ["10.20.30.40"])
        #expect(vm.powerState == .poweredOn)
        #expect(vm.cpuAllocation?.limitMHz == -1)
        #expect(vm.uuid?.count == 36)
        #expect(vm.instanceUUID?.count == 36)
        #expect(vm.hostName?.hasPrefix("DC0_C0_H") == true)
        #expect(vm.cpuModel == "Intel(R) Core(TM) i7-3615QM CPU @ 2.30GHz")
        #expect(vm.clusterName == "DC0_C0")
        #expect(vm.evcMode == nil)   // vcsim's cluster has no EVC
        #expect(vm.snapshots.isEmpty)
        // A VM on a standalone host has no cluster.
        let standalone = await provider.observe([.vm("DC0_H0_VM0", on: "vc")])[.vm("DC0_H0_VM0", on: "vc")]?.state?.vm
        #expect(standalone?.hostName == "DC0_H0")
        #expect(standalone?.clusterName == nil)
        #expect(standalone?.ftState == nil)   // vcsim leaves the property unset until it is set
        await provider.close()
    }

    @Test("observes many VMs in one pass; a VM that does not exist is absent")
    func batch() async throws {
        let vcsim = try Self.shared.get()
        let names = ["DC0_H0_VM0", "DC0_H0_VM1", "DC0_H0_VM2", "DC0_C0_RP0_VM1", "DC0_C0_RP0_VM2", "no-such-vm"]
        let refs = names.map { ResourceRef.vm($0, on: "vc") }
        let provider = VSphereProvider(name: "vc", settings: vcsim.settings(),
                                       options: VSphereOptions(batchSize: 2, environment: ["VC_PASSWORD": "x"]))
        let observed = await provider.observe(refs)
        #expect(observed.count == names.count)
        for ref in refs.dropLast() {
            #expect(observed[ref]?.state?.vm?.name == ref.name)
            #expect(observed[ref]?.state?.vm?.cpuModel != nil)
        }
        #expect(observed[.vm("no-such-vm", on: "vc")] == .absent)
        await provider.close()
    }

    @Test("creates and removes snapshots and sees the tree change; both are idempotent")
    func snapshots() async throws {
        let vcsim = try Self.shared.get()
        let provider = vcsim.provider()
        let ref = ResourceRef.vm("DC0_H0_VM1", on: "vc")
        let before = Date().addingTimeInterval(-5)

        let first = try await provider.perform(.createSnapshot(vm: ref, name: "sfreconcile-pre-update", description: "SNP-2 <&>"))
        #expect(first.changed)
        let again = try await provider.perform(.createSnapshot(vm: ref, name: "sfreconcile-pre-update", description: "SNP-2"))
        #expect(!again.changed)
        #expect(try await provider.perform(.createSnapshot(vm: ref, name: "child", description: "")).changed)

        var tree = try #require(await provider.observe([ref])[ref]?.state?.vm?.snapshots)
        #expect(tree.map(\.name) == ["sfreconcile-pre-update", "child"])
        #expect(tree[0].parent == nil)
        #expect(tree[1].parent == tree[0].id)
        #expect(tree[0].description == "SNP-2 <&>")
        #expect(tree[1].isCurrent == true)
        let created = try #require(tree[0].createTime)
        #expect(created > before && created < Date().addingTimeInterval(5))

        // Removing the parent keeps the child, which moves up.
        #expect(try await provider.perform(.removeSnapshot(vm: ref, snapshotID: tree[0].id)).changed)
        let removedID = tree[0].id
        tree = try #require(await provider.observe([ref])[ref]?.state?.vm?.snapshots)
        #expect(tree.map(\.name) == ["child"])
        #expect(tree[0].parent == nil)
        #expect(!(try await provider.perform(.removeSnapshot(vm: ref, snapshotID: removedID)).changed))

        #expect(try await provider.perform(.removeSnapshot(vm: ref, snapshotID: tree[0].id)).changed)
        #expect(await provider.observe([ref])[ref]?.state?.vm?.snapshots == [])
        await provider.close()
    }

    @Test("reconfigures vCPUs only when the VM is powered off")
    func reconfigure() async throws {
        let vcsim = try Self.shared.get()
        let provider = vcsim.provider()
        let ref = ResourceRef.vm("DC0_H0_VM2", on: "vc")
        await #expect {
            _ = try await provider.perform(.reconfigureCPU(vm: ref, count: 4, coresPerSocket: 2))
        } throws: { ($0 as? ProviderError)?.kind == .precondition }
        #expect(await provider.observe([ref])[ref]?.state?.vm?.numCPU == 1)

        try await provider.testPowerOff("DC0_H0_VM2")
        #expect(try await provider.perform(.reconfigureCPU(vm: ref, count: 4, coresPerSocket: 2)).changed)
        let vm = await provider.observe([ref])[ref]?.state?.vm
        #expect(vm?.numCPU == 4)
        #expect(vm?.coresPerSocket == 2)
        #expect(vm?.powerState == .poweredOff)
        #expect(!(try await provider.perform(.reconfigureCPU(vm: ref, count: 4, coresPerSocket: 2)).changed))
        await #expect {
            _ = try await provider.perform(.reconfigureCPU(vm: ref, count: 3, coresPerSocket: 2))
        } throws: { ($0 as? ProviderError)?.kind == .configuration }
        await #expect {
            _ = try await provider.perform(.createSnapshot(vm: .vm("no-such-vm", on: "vc"), name: "x", description: ""))
        } throws: { ($0 as? ProviderError)?.kind == .notFound }
        await provider.close()
    }

    @Test("a stopped vcsim gives unknown (unreachable), never absent")
    func stopped() async throws {
        let vcsim = try VCSim(vms: 1)
        let provider = vcsim.provider(retry: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10)))
        let ref = ResourceRef.vm("DC0_H0_VM0", on: "vc")
        #expect(await provider.observe([ref])[ref]?.state != nil)
        vcsim.stop()
        let observed = await provider.observe([ref, .vm("no-such-vm", on: "vc")])
        for observation in observed.values {
            let error = try #require(observation.error, "expected unknown, got \(observation.status)")
            #expect(error.kind == .unreachable)
            #expect(error.provider == "vc")
            #expect(!error.advice.isEmpty)
        }
        await #expect {
            _ = try await provider.perform(.createSnapshot(vm: ref, name: "x", description: ""))
        } throws: { ($0 as? ProviderError)?.kind == .unreachable }
    }

    @Test("wrong credentials give a clear auth error; the password appears nowhere")
    func wrongCredentials() async throws {
        let vcsim = try VCSim(vms: 1, username: "sfreconcile", password: "right-password")
        defer { vcsim.stop() }
        let ref = ResourceRef.vm("DC0_H0_VM0", on: "vc")
        let wrong = vcsim.provider(password: "Wr0ng-P4ssw0rd")
        let observed = await wrong.observe([ref])
        let error = try #require(observed[ref]?.error)
        #expect(error.kind == .auth)
        #expect(error.message.contains("refused the login of sfreconcile"))
        #expect(error.advice.contains("password"))
        let estate = ObservedEstate(observedAt: Date(), resources: observed)
        let json = String(decoding: try ObservedJSON.encode(estate), as: UTF8.self)
        #expect(!json.contains("Wr0ng-P4ssw0rd"))
        #expect(!"\(error)".contains("Wr0ng-P4ssw0rd"))

        let right = vcsim.provider(password: "right-password")
        #expect(await right.observe([ref])[ref]?.state != nil)
        await right.close()
    }

    @Test("a password secret that cannot be resolved is a configuration error")
    func missingSecret() async throws {
        let vcsim = try Self.shared.get()
        let provider = VSphereProvider(name: "vc", settings: vcsim.settings(), options: VSphereOptions(environment: [:]))
        let error = await provider.observe([.vm("DC0_H0_VM0", on: "vc")])[.vm("DC0_H0_VM0", on: "vc")]?.error
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("${env:VC_PASSWORD}") == true)
    }

    @Test("TLS: an untrusted certificate is a TLS error; the CA file makes it work")
    func tls() async throws {
        let vcsim = try VCSim(vms: 1, tls: true)
        defer { vcsim.stop() }
        let ref = ResourceRef.vm("DC0_H0_VM0", on: "vc")
        let untrusted = await vcsim.provider().observe([ref])
        #expect(untrusted[ref]?.error?.kind == .tls)
        let trusted = vcsim.provider(caFile: vcsim.certificateFile)
        #expect(await trusted.observe([ref])[ref]?.state?.vm?.name == "DC0_H0_VM0")
        #expect(trusted.warnings.isEmpty)
        let insecure = vcsim.provider(insecure: true)
        #expect(await insecure.observe([ref])[ref]?.state != nil)
        #expect(insecure.warnings.count == 1)
    }
}

// MARK: test-only operations through the provider's SOAP client

extension VSphereProvider {
    private func moref(_ name: String) async throws -> ManagedObjectReference {
        let lookups = try await client.lookUpVMs(named: [name], options: options)
        guard case .found(let record)? = lookups[name] else { throw PeerError("no VM \(name) in vcsim") }
        return record.ref
    }

    /// ReconfigVM with extraConfig, which vcsim reads as back doors (SET.runtime.…).
    func testReconfigure(_ name: String, numCPU: Int? = nil, coresPerSocket: Int? = nil, extraConfig: [String: String]) async throws {
        let vm = try await moref(name)
        let task = try await client.startTask("ReconfigVM_Task", on: vm) { writer in
            writer.element("spec") { spec in
                if let numCPU { spec.element("numCPUs", String(numCPU)) }
                if let coresPerSocket { spec.element("numCoresPerSocket", String(coresPerSocket)) }
                for (key, value) in extraConfig.sorted(by: { $0.key < $1.key }) {
                    spec.element("extraConfig", attributes: ["xsi:type": "OptionValue"]) { option in
                        option.element("key", key)
                        option.element("value", value, attributes: ["xsi:type": "xsd:string"])
                    }
                }
            }
        }
        try await client.waitForTask(task, doing: "test reconfigure", timeout: .seconds(30), pollInterval: .milliseconds(20))
    }

    func testPowerOff(_ name: String) async throws {
        let vm = try await moref(name)
        let task = try await client.startTask("PowerOffVM_Task", on: vm) { _ in }
        try await client.waitForTask(task, doing: "test power off", timeout: .seconds(30), pollInterval: .milliseconds(20))
    }
}
