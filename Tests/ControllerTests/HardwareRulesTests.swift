import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("HWID-1: licence hardware ID")
struct HardwareRulesTests {
    @Test("the replica VM and the live VM match the pinned hardware")
    func satisfied() throws {
        let findings = try World().findings(HardwareRules())
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.status == .satisfied })
    }

    @Test("a powered-off replica with fewer vCPUs is reconfigured (SNP-2 guards it)")
    func reconfigure() throws {
        var world = World()
        world.replicaVM.numCPU = 2
        let finding = try world.findings(HardwareRules()).one(.hwid1, check: "cpu-count")
        #expect(finding.status == .violated)
        #expect(finding.severity == .critical)
        let fix = try #require(finding.fix)
        #expect(fix.type == .reconfigureStandbyCpu)
        #expect(fix.guardedVM == World.replicaVMRef)
        #expect(fix.parameters == [ActionParameter("vcpus", "4"), ActionParameter("coresPerSocket", "2")])
    }

    @Test("a running replica, or another CPU type, alerts")
    func alerts() throws {
        var world = World()
        world.replicaVM.coresPerSocket = 4
        world.replicaVM.powerState = .poweredOn
        #expect(try world.findings(HardwareRules()).one(.hwid1, check: "cpu-count").isAlert)
        world = World()
        world.replicaVM.evcMode = "intel-skylake"
        let type = try world.findings(HardwareRules()).one(.hwid1, check: "cpu-type")
        #expect(type.isAlert)
        #expect(type.observed == "intel-skylake")
    }

    @Test("the live VM differing from the pinned hardware is a warning")
    func liveDiffers() throws {
        var world = World()
        world.liveVM.numCPU = 8
        let finding = try world.findings(HardwareRules()).one(.hwid1, check: "live")
        #expect(finding.status == .violated)
        #expect(finding.severity == .warning)
    }

    @Test("unknown: live VM not observed, replica not observed, a property not reported, no provider at the site")
    func unknown() throws {
        var world = World()
        world.overrides[World.liveVMRef] = World.unreachable("vc")
        #expect(try world.findings(HardwareRules()).statuses == [.unknown])
        world = World()
        world.overrides[World.replicaVMRef] = World.unreachable("vc-b")
        #expect(try world.findings(HardwareRules()).statuses == [.satisfied, .unknown])
        world = World()
        world.replicaVM.numCPU = nil
        #expect(try world.findings(HardwareRules()).statuses == [.satisfied, .unknown])
        world = World()
        world.edit("  vc-b: { type: vsphere, url: https://vc-b.example.com/sdk, username: svc, password: \"${env:VC_PASSWORD}\", site: b }\n", "")
        let noProvider = try world.findings(HardwareRules())
        #expect(noProvider.statuses == [.satisfied, .unknown])
        #expect(noProvider[1].message.contains("no vsphere provider declares site b"))
    }
}
