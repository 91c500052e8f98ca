import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("PLT-1: platform standbys")
struct PlatformRulesTests {
    @Test("a reachable, licensed appliance standby holds")
    func satisfied() throws {
        #expect(try World().findings(PlatformRules()).one(.plt1).status == .satisfied)
    }

    @Test("absent, not answering, unlicensed, licensed for another platform, or expired: critical alert")
    func violated() throws {
        var cases: [World] = []
        var world = World()
        world.overrides[World.standbyRef] = .absent
        cases.append(world)
        world = World()
        world.standby.reachable = false
        cases.append(world)
        world = World()
        world.standby.licence = StarfaceLicence(serverLicence: false)
        cases.append(world)
        world = World()
        world.standby.licence = StarfaceLicence(serverLicence: true, platform: .cloud)
        cases.append(world)
        world = World()
        world.standby.licence = StarfaceLicence(serverLicence: true, validUntil: World.t0.addingTimeInterval(-1))
        cases.append(world)
        for world in cases {
            let finding = try world.findings(PlatformRules()).one(.plt1)
            #expect(finding.status == .violated)
            #expect(finding.severity == .critical)
            #expect(finding.isAlert)
        }
    }

    @Test("boundary: a licence valid until the observation time itself still holds")
    func expiryBoundary() throws {
        var world = World()
        world.standby.licence = StarfaceLicence(serverLicence: true, validUntil: World.t0)
        #expect(try world.findings(PlatformRules()).one(.plt1).status == .satisfied)
    }

    @Test("unknown when not observed, or when the licence is not reported")
    func unknown() throws {
        var world = World()
        world.overrides[World.standbyRef] = World.unreachable("standby")
        #expect(try world.findings(PlatformRules()).one(.plt1).status == .unknown)
        world = World()
        world.standby.licence = nil
        #expect(try world.findings(PlatformRules()).one(.plt1).status == .unknown)
        world.standby.unreadable = ["licence": "no STARFACE API offers the licence"]
        #expect(try world.findings(PlatformRules()).one(.plt1).message.contains("no STARFACE API offers the licence"))
    }
}
