import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("GEO-1..3: geo replicas")
struct GeoRulesTests {
    @Test("a healthy SRM replica satisfies GEO-1, GEO-2 (frequency and lag) and GEO-3")
    func healthy() throws {
        let findings = try World().findings(GeoRules())
        #expect(findings.map(\.rule) == [.geo1, .geo2, .geo2, .geo3])
        #expect(findings.allSatisfy { $0.status == .satisfied })
    }

    @Test("GEO-1: no replication is enabled; a suspended one is enabled again; an unhealthy one alerts")
    func geo1() throws {
        var world = World()
        world.overrides[World.replicationRef] = .absent
        let absent = try world.findings(GeoRules())
        #expect(absent.count == 1)
        #expect(absent[0].fix?.type == .enableReplication)
        #expect(absent[0].fix?.parameters.contains(ActionParameter("protectionGroup", "pg")) == true)

        world = World()
        world.replication.state = "Suspended"
        #expect(try world.findings(GeoRules()).one(.geo1).fix?.type == .enableReplication)

        world = World()
        world.replication.health = .critical
        let unhealthy = try world.findings(GeoRules()).one(.geo1)
        #expect(unhealthy.isAlert)
        #expect(unhealthy.severity == .critical)
    }

    @Test("GEO-1: another protection group than the spec's alerts; an unknown state word is unknown")
    func geo1Target() throws {
        var world = World()
        world.replication.protectionGroup = "pg-other"
        #expect(try world.findings(GeoRules()).one(.geo1).desired == "protection group pg")
        world = World()
        world.replication.health = nil
        world.replication.state = "SOMETHING_NEW"
        #expect(try world.findings(GeoRules()).one(.geo1).status == .unknown)
    }

    @Test("GEO-2: RPO above the spec sets the frequency; boundary at the spec's RPO")
    func geo2Frequency() throws {
        var world = World()
        world.replication.rpo = .minutes(15)
        #expect(try world.findings(GeoRules()).one(.geo2, check: "b:frequency").status == .satisfied)
        world.replication.rpo = .minutes(30)
        let finding = try world.findings(GeoRules()).one(.geo2, check: "b:frequency")
        #expect(finding.fix?.type == .setReplicationFrequency)
        #expect(finding.fix?.parameters == [ActionParameter("rpo", "15m")])
    }

    @Test("GEO-2: Hyper-V offers only 30s, 5m and 15m")
    func hyperVFrequencies() throws {
        var world = World()
        world.replication.mechanism = .hypervReplica
        world.replication.rpo = .minutes(10)
        #expect(try world.findings(GeoRules()).one(.geo2, check: "b:frequency").status == .violated)
        world.replication.rpo = .minutes(5)
        #expect(try world.findings(GeoRules()).one(.geo2, check: "b:frequency").status == .satisfied)
    }

    @Test("GEO-2: a last cycle older than the RPO alerts; exactly the RPO holds")
    func geo2Lag() throws {
        var world = World()
        world.replication.lastReplication = World.t0.addingTimeInterval(-900)
        #expect(try world.findings(GeoRules()).one(.geo2, check: "b:lag").status == .satisfied)
        world.replication.lastReplication = World.t0.addingTimeInterval(-901)
        #expect(try world.findings(GeoRules()).one(.geo2, check: "b:lag").isAlert)
    }

    @Test("GEO-3: re-IP observed or declared alerts; not reported is unknown")
    func geo3() throws {
        var world = World()
        world.replication.ipCustomization = true
        #expect(try world.findings(GeoRules()).one(.geo3).isAlert)
        world.replication.ipCustomization = nil
        #expect(try world.findings(GeoRules()).one(.geo3).status == .unknown)
        world = World()
        world.edit("ipConfig: identical", "ipConfig: reip")
        #expect(try world.findings(GeoRules()).one(.geo3).observed == "reip (spec)")
    }

    @Test("every GEO rule is unknown when the replication is not observed")
    func unknown() throws {
        var world = World()
        world.overrides[World.replicationRef] = World.unreachable("srm")
        #expect(try world.findings(GeoRules()).statuses == [.unknown, .unknown, .unknown])
    }
}
