import Foundation
@testable import Providers
import Spec
import Testing

/// The vSphere provider against `FakeVCenter`, for behaviour vcsim cannot show.
@Suite("vSphere provider against a scripted vCenter")
struct VSphereFakeTests {
    static let inventory: [FakeVCenter.VM] = [
        .init(ref: "vm-1", name: "pbx-a"), .init(ref: "vm-2", name: "other-1"), .init(ref: "vm-3", name: "pbx-b", numCPU: 4),
        .init(ref: "vm-4", name: "other-2"), .init(ref: "vm-5", name: "twin"), .init(ref: "vm-6", name: "twin"),
        .init(ref: "vm-7", name: "pbx-ft", ftRole: 1), .init(ref: "vm-8", name: "pbx-ft", ftRole: 2),
        .init(ref: "vm-9", name: "slash/name"),
    ]

    func provider(_ fake: FakeVCenter, batchSize: Int = 2) -> VSphereProvider {
        var settings = VSphereSettings()
        settings.endpoint.url = EndpointURL(parsing: "https://vc.example.com")!
        settings.endpoint.username = .text("svc")
        settings.endpoint.password = .environment("VC_PASSWORD")
        let retry = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        return VSphereProvider(name: "vc", settings: settings,
                               options: VSphereOptions(batchSize: batchSize, retry: retry, environment: ["VC_PASSWORD": "pw"], transport: fake))
    }

    @Test("follows ContinueRetrievePropertiesEx tokens to the last page and batches the details")
    func paging() async throws {
        let fake = FakeVCenter(vms: Self.inventory)
        let refs = ["pbx-a", "pbx-b", "slash%2fname", "slash/name", "missing"].map { ResourceRef.vm($0, on: "vc") }
        let observed = await provider(fake).observe(refs)
        #expect(await fake.tokens == ["token-1", "token-2", "token-3", "token-4"])   // 9 VMs, 2 per page
        let a = try #require(observed[.vm("pbx-a", on: "vc")]?.state?.vm)
        #expect(a.numCPU == 2)
        #expect(a.hostName == "esx-host-1")
        #expect(a.cpuModel == "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz")
        #expect(a.clusterName == "cluster-muc")
        #expect(a.evcMode == "intel-cascadelake")
        #expect(a.haEnabled == true)
        #expect(a.unreadable == ["guest.net": "NoPermission"])
        #expect(observed[.vm("pbx-b", on: "vc")]?.state?.vm?.numCPU == 4)
        // vSphere sends "/" in names as %2f; the spec writes the name as shown.
        #expect(observed[.vm("slash/name", on: "vc")]?.state?.vm?.name == "slash/name")
        #expect(observed[.vm("slash%2fname", on: "vc")] == .absent)
        #expect(observed[.vm("missing", on: "vc")] == .absent)
        let calls = await fake.calls
        // 3 candidates in batches of 2: two detail calls, plus one for the names and one for hosts.
        #expect(calls.filter { $0 == "RetrievePropertiesEx" }.count == 4)
        #expect(calls.contains("DestroyView"))
    }

    @Test("two VMs of one name are ambiguous (unknown, never a guess); an FT secondary does not count")
    func duplicates() async throws {
        let fake = FakeVCenter(vms: Self.inventory)
        let observed = await provider(fake).observe([.vm("twin", on: "vc"), .vm("pbx-ft", on: "vc")])
        let twin = try #require(observed[.vm("twin", on: "vc")]?.error)
        #expect(twin.kind == .configuration)
        #expect(twin.message.contains("vm-5") && twin.message.contains("vm-6"))
        #expect(observed[.vm("pbx-ft", on: "vc")]?.state?.vm?.id == "vm-7")
    }

    @Test("an expired session is renewed once, transparently")
    func relogin() async throws {
        let fake = FakeVCenter(vms: Self.inventory)
        let vsphere = provider(fake)
        _ = await vsphere.observe([.vm("pbx-a", on: "vc")])
        await fake.setExpire(["CreateContainerView"])
        let observed = await vsphere.observe([.vm("pbx-a", on: "vc")])
        #expect(observed[.vm("pbx-a", on: "vc")]?.state != nil)
        #expect(await fake.calls.filter { $0 == "Login" }.count == 2)
    }

    @Test("a busy server (HTTP 503) is retried")
    func busy() async throws {
        let fake = FakeVCenter(vms: Self.inventory)
        await fake.setBusy(["RetrieveServiceContent", "CreateContainerView"])
        let observed = await provider(fake).observe([.vm("pbx-a", on: "vc")])
        #expect(observed[.vm("pbx-a", on: "vc")]?.state != nil)
        #expect(await fake.calls.filter { $0 == "CreateContainerView" }.count == 2)
    }

    @Test("the session ends with Logout on close")
    func logout() async {
        let fake = FakeVCenter(vms: Self.inventory)
        let vsphere = provider(fake)
        _ = await vsphere.observe([.vm("pbx-a", on: "vc")])
        await vsphere.close()
        #expect(await fake.calls.last == "Logout")
    }

    @Test("a task still running at the timeout is a timeout; a failed task is its typed fault")
    func tasks() async throws {
        let fake = FakeVCenter(vms: Self.inventory)
        var settings = VSphereSettings()
        settings.endpoint.url = EndpointURL(parsing: "https://vc.example.com/sdk")!
        settings.endpoint.password = .environment("VC_PASSWORD")
        let vsphere = VSphereProvider(name: "vc", settings: settings, options: VSphereOptions(
            taskTimeout: .milliseconds(300), taskPollInterval: .milliseconds(20), environment: ["VC_PASSWORD": "pw"], transport: fake))
        let action = ProviderAction.createSnapshot(vm: .vm("pbx-a", on: "vc"), name: "pre-update", description: "")

        await fake.setTaskOutcome("running")
        await #expect {
            _ = try await vsphere.perform(action)
        } throws: { error in
            guard let error = error as? ProviderError else { return false }
            return error.kind == .timeout && error.message.contains("task-7") && error.resource == .vm("pbx-a", on: "vc")
        }
        #expect(await fake.calls.filter { $0 == "CreateSnapshot_Task" }.count == 1)   // never sent twice

        await fake.setTaskOutcome("error", fault: "InvalidState")
        await #expect {
            _ = try await vsphere.perform(action)
        } throws: { error in
            guard let error = error as? ProviderError else { return false }
            return error.kind == .precondition && error.message.contains("not allowed in the current state")
        }

        await fake.setTaskOutcome("success")
        #expect(try await vsphere.perform(action).changed)
    }

    @Test("kinds other than VMs are unknown, not absent")
    func otherKinds() async {
        let observed = await provider(FakeVCenter(vms: [])).observe([.starface("vc")])
        #expect(observed[.starface("vc")]?.error?.kind == .unsupported)
    }

    @Test("/sdk is added to a URL without a path")
    func sdkPath() {
        #expect(VSphereProvider.sdkURL(EndpointURL(parsing: "https://vc.example.com")!) == "https://vc.example.com/sdk")
        #expect(VSphereProvider.sdkURL(EndpointURL(parsing: "https://vc.example.com/")!) == "https://vc.example.com/sdk")
        #expect(VSphereProvider.sdkURL(EndpointURL(parsing: "https://vc.example.com:8443/sdk")!) == "https://vc.example.com:8443/sdk")
    }
}
