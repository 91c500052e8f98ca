import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("LOC-1, LOC-2: local redundancy")
struct LocalRedundancyRulesTests {
    @Test("LOC-1 satisfied with FT running")
    func running() throws {
        #expect(try World().findings(LocalRedundancyRules()).one(.loc1).status == .satisfied)
    }

    @Test("LOC-1 FT off is turned on; FT without a running secondary alerts", arguments: [
        ("notConfigured", true), ("disabled", true), ("needSecondary", false), ("starting", false),
    ])
    func states(state: String, fixable: Bool) throws {
        var world = World()
        world.liveVM.ftState = FaultToleranceState(rawValue: state)
        let finding = try world.findings(LocalRedundancyRules()).one(.loc1)
        #expect(finding.status == .violated)
        #expect(finding.severity == .critical)
        #expect((finding.fix?.type == .enableFaultTolerance) == fixable)
        #expect(finding.isAlert == !fixable)
    }

    @Test("LOC-1 preferred is a warning; not reported is unknown")
    func preferredAndUnknown() throws {
        var world = World()
        world.edit("faultTolerance: required", "faultTolerance: preferred")
        world.liveVM.ftState = .disabled
        #expect(try world.findings(LocalRedundancyRules()).one(.loc1).severity == .warning)
        world.liveVM.ftState = nil
        #expect(try world.findings(LocalRedundancyRules()).one(.loc1).status == .unknown)
        world.liveVM.unreadable = ["runtime.faultToleranceState": "NoPermission"]
        #expect(try world.findings(LocalRedundancyRules()).one(.loc1).message.contains("runtime.faultToleranceState: NoPermission"))
    }

    @Test("LOC-2 on vSphere reads HA, on Hyper-V the clustered role")
    func cluster() throws {
        var world = World()
        world.edit("local: { faultTolerance: required }", "local: { cluster: required }")
        #expect(try world.findings(LocalRedundancyRules()).one(.loc2).status == .satisfied)
        world.liveVM.haEnabled = false
        let off = try world.findings(LocalRedundancyRules()).one(.loc2)
        #expect(off.status == .violated)
        #expect(off.isAlert)
        world.liveVM.hypervisor = .hyperv
        world.liveVM.clustered = true
        #expect(try world.findings(LocalRedundancyRules()).one(.loc2).status == .satisfied)
        world.liveVM.clustered = nil
        #expect(try world.findings(LocalRedundancyRules()).one(.loc2).status == .unknown)
    }

    @Test("unknown when the live VM is not observed; nothing asked, nothing said")
    func unknownAndOff() throws {
        var world = World()
        world.overrides[World.liveVMRef] = World.unreachable("vc")
        #expect(try world.findings(LocalRedundancyRules()).statuses == [.unknown])
        world = World()
        world.edit("  host: { rto: 0s, rpo: 0s }\n", "")
        world.edit("local: { faultTolerance: required }", "local: { faultTolerance: off }")
        #expect(try world.findings(LocalRedundancyRules()).isEmpty)
    }
}
