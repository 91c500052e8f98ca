import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("INF-1: infrastructure advice")
struct InfrastructureRulesTests {
    @Test("HA on and an EVC mode: satisfied")
    func satisfied() throws {
        #expect(try World().findings(InfrastructureRules()).statuses == [.satisfied, .satisfied])
    }

    @Test("EVC off, HA off and a standalone host are reported, never alerted or fixed")
    func advice() throws {
        var world = World()
        world.liveVM.evcMode = nil
        world.liveVM.haEnabled = false
        let findings = try world.findings(InfrastructureRules())
        #expect(findings.statuses == [.violated, .violated])
        #expect(findings.allSatisfy { $0.severity == .info && $0.remedy == .report })
        world.liveVM.clusterName = nil
        #expect(try world.findings(InfrastructureRules()).one(.inf1).check == "cluster")
        let plan = try world.plan()
        #expect(!plan.alerts.contains { $0.rule == .inf1 })
    }

    @Test("nothing when the live VM is not observed")
    func unknown() throws {
        var world = World()
        world.overrides[World.liveVMRef] = World.unreachable("vc")
        #expect(try world.findings(InfrastructureRules()).isEmpty)
    }
}
