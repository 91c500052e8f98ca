import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("OBJ-1: failure scenarios as observed")
struct ScenarioAnalysisTests {
    func scenarios(_ world: World) throws -> [String: ScenarioResult] {
        let results = ScenarioAnalysis.scenarios(for: try world.context())
        return Dictionary(uniqueKeysWithValues: results.map { ($0.scenario.description, $0) })
    }

    @Test("the healthy world: host by FT, site a by the geo replica, site b unaffected, platform by the standby")
    func healthy() throws {
        let results = try scenarios(World())
        #expect(results.keys.sorted() == ["change", "host", "platform", "site:a", "site:b"])
        #expect(results["host"]?.mechanism?.name == "fault tolerance")
        #expect(results["host"]?.rto == .zero)
        #expect(results["host"]?.verdict == .holds)
        let site = try #require(results["site:a"])
        #expect(site.mechanism?.name == "geo replica at b (srm)")
        #expect(site.rto == .seconds(150))                // failover 2m + routing 30s
        #expect(site.rpo == .minutes(15))                 // configured RPO, last cycle only 2m ago
        #expect(site.verdict == .holds)
        #expect(results["site:b"]?.mechanism?.name == "live system at a unaffected")
        let platform = try #require(results["platform"])
        #expect(platform.mechanism?.name == "standby appliance imports a backup")
        #expect(platform.rto == .minutes(15))
        #expect(platform.rpo == .hours(2))
        #expect(platform.verdict == .holds)
        #expect(results["change"]?.verdict == .notJudged)
    }

    @Test("host: FT broken falls back to HA (RTO = VM boot), which fails an RTO of 0s")
    func hostFallsBack() throws {
        var world = World()
        world.liveVM.ftState = .needSecondary
        let host = try #require(try scenarios(world)["host"])
        #expect(host.mechanism?.name == "HA restart")
        #expect(host.rto == .minutes(3))
        #expect(host.verdict == .fails)
        #expect(host.holds == false)
        let finding = try #require(ObjectiveRules.findings(from: [host]).first)
        #expect(finding.status == .violated)
        #expect(finding.severity == .critical)
    }

    @Test("site RPO is the age of the last replication when that is larger")
    func siteLag() throws {
        var world = World()
        world.replication.lastReplication = World.t0.addingTimeInterval(-40 * 60)
        let site = try #require(try scenarios(world)["site:a"])
        #expect(site.rpo == .minutes(40))
        #expect(site.verdict == .fails)
    }

    @Test("platform: a standby that cannot import the backup (VER-2) leaves the scenario uncovered, a critical finding")
    func platformUncovered() throws {
        var world = World()
        world.standby.version = World.v9
        let platform = try #require(try scenarios(world)["platform"])
        #expect(platform.verdict == .uncovered)
        #expect(platform.mechanism == nil)
        #expect(platform.considered.first?.note?.contains("VER-2") == true)
        let finding = try #require(ObjectiveRules.findings(from: [platform]).first)
        #expect(finding.severity == .critical)
        #expect(finding.isAlert)
    }

    @Test("unknown observations make the scenario unknown, not uncovered")
    func unknown() throws {
        var world = World()
        world.overrides[World.standbyRef] = World.unreachable("standby")
        let platform = try #require(try scenarios(world)["platform"])
        #expect(platform.verdict == .unknown)
        #expect(platform.holds == nil)
        #expect(try #require(ObjectiveRules.findings(from: [platform]).first).status == .unknown)
    }

    @Test("a failing mechanism with an unknown alternative is unknown, not failing")
    func unknownAlternative() throws {
        var world = World()
        world.liveVM.ftState = nil     // FT state not reported; HA works but misses RTO 0s
        let host = try #require(try scenarios(world)["host"])
        #expect(host.mechanism?.name == "HA restart")
        #expect(host.verdict == .unknown)
    }

    @Test("the geo replica at the failed site does not count; the standby elsewhere does")
    func siteAtReplica() throws {
        var world = World()
        world.overrides[World.replicationRef] = .absent
        let site = try #require(try scenarios(world)["site:a"])
        #expect(site.mechanism?.name == "standby appliance imports a backup")
        #expect(site.verdict == .fails)   // RTO 15m > 5m objective
    }

    @Test("backups at the failed site do not help the standby there")
    func backupsAtFailedSite() throws {
        var world = World()
        world.overrides[World.replicationRef] = .absent
        world.edit("secretKey: \"${env:S3_SECRET}\", site: b }", "secretKey: \"${env:S3_SECRET}\", site: a }")
        let site = try #require(try scenarios(world)["site:a"])
        #expect(site.verdict == .uncovered)
    }

    @Test("without objectives a covered scenario is not judged; uncovered is still a finding")
    func notJudged() throws {
        var world = World()
        world.edit("  platform: { rto: 30m, rpo: 24h }\n", "")
        let platform = try #require(try scenarios(world)["platform"])
        #expect(platform.verdict == .notJudged)
        #expect(ObjectiveRules.findings(from: [platform]).isEmpty)
        world.overrides[World.standbyRef] = .absent
        let uncovered = try #require(try scenarios(world)["platform"])
        #expect(uncovered.verdict == .uncovered)
        #expect(uncovered.holds == nil)
        #expect(ObjectiveRules.findings(from: [uncovered]).first?.status == .violated)
    }

    @Test("change: the newest snapshot wins on RTO; without snapshots the STARFACE backup")
    func change() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("s", age: 600)]
        let withSnapshot = try #require(try scenarios(world)["change"])
        #expect(withSnapshot.mechanism?.name == "revert to the newest snapshot")
        #expect(withSnapshot.rpo == .minutes(10))
        let plain = try #require(try scenarios(World())["change"])
        #expect(plain.mechanism?.name == "import the newest STARFACE backup")
    }
}
