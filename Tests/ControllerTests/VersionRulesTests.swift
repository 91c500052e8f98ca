import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("VER-1..3: versions")
struct VersionRulesTests {
    @Test("VER-1 satisfied when the standby runs the live version")
    func satisfied() throws {
        let finding = try World().findings(VersionRules()).one(.ver1)
        #expect(finding.status == .satisfied)
        #expect(finding.address == "standby/starface/system")
    }

    @Test("VER-1 violated when the standby is behind: critical, update it to the live version")
    func standbyBehind() throws {
        var world = World()
        world.standby.version = World.v9
        let finding = try world.findings(VersionRules()).one(.ver1)
        #expect(finding.status == .violated)
        #expect(finding.severity == .critical)
        #expect(finding.desired == "8.1.0.11")
        #expect(finding.observed == "8.1.0.9")
        let fix = try #require(finding.fix)
        #expect(fix.type == .updateVersion)
        #expect(fix.target == "standby/starface/system")
        #expect(fix.parameters.contains(ActionParameter("version", "8.1.0.11")))
    }

    @Test("VER-1 with policy atLeast accepts a newer standby; equal wants the same and VER-3 blocks the downgrade")
    func newerStandby() throws {
        var world = World()
        world.standby.version = World.v12
        let equal = try world.findings(VersionRules())
        #expect(try equal.one(.ver1).status == .violated)
        let block = try equal.one(.ver3)
        #expect(block.status == .violated)
        guard case .block(let id) = block.remedy else {
            Issue.record("VER-3 should block, got \(block.remedy)")
            return
        }
        #expect(id == "updateVersion:standby/starface/system")

        world.edit("version: { policy: equal }", "version: { policy: atLeast }")
        let atLeast = try world.findings(VersionRules())
        #expect(try atLeast.one(.ver1).status == .satisfied)
        #expect(try atLeast.one(.ver3).status == .satisfied)
    }

    @Test("VER-1 unknown, not ok, when the live or the standby version is not observed")
    func unknown() throws {
        var world = World()
        world.overrides[World.liveRef] = World.unreachable("live")
        let live = try world.findings(VersionRules())
        #expect(try live.one(.ver1).status == .unknown)
        #expect(try live.one(.ver1).unknownReason?.kind == .unreachable)
        #expect(try live.one(.ver3).status == .unknown)

        world = World()
        world.standby = StarfaceSystemState(reachable: false)
        let standby = try world.findings(VersionRules())
        #expect(try standby.one(.ver1).status == .unknown)
        #expect(try standby.one(.ver1).message.contains("did not answer"))
    }

    @Test("a version the provider could not read is unknown, with the provider's reason")
    func unreadableVersion() throws {
        var world = World()
        world.standby = StarfaceSystemState(reachable: true, platform: .appliance, unreadable: ["version": "SSH login refused"])
        let finding = try world.findings(VersionRules()).one(.ver1)
        #expect(finding.status == .unknown)
        #expect(finding.message.contains("could not be read: SSH login refused"))
    }

    @Test("version.target: the live system below it is violated; standbys must reach it first")
    func target() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.2.0.1 }")
        let findings = try world.findings(VersionRules())
        let live = try findings.one(.ver1, check: "target")
        #expect(live.status == .violated)
        #expect(live.fix?.role == .live)
        #expect(live.fix?.guardedVM == World.liveVMRef)
        let standby = findings.of(.ver1).first { $0.check == nil }
        #expect(standby?.status == .violated)
        #expect(standby?.severity == .warning)   // not behind the live system yet
        #expect(standby?.fix?.parameters.contains(ActionParameter("version", "8.2.0.1")) == true)
        #expect(try findings.one(.ver3).status == .satisfied)
    }

    @Test("VER-3 blocks a version target below the live version (never downgrade)")
    func targetDowngrade() throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.9 }")
        let findings = try world.findings(VersionRules())
        let block = try findings.one(.ver3, check: "downgrade")
        #expect(block.status == .violated)
        #expect(block.address == "live/starface/system")
    }

    @Test("VER-3 blocks the live update while a standby cannot follow", arguments: ["unknown", "newer", "never"])
    func cannotFollow(reason: String) throws {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        switch reason {
        case "unknown": world.overrides[World.standbyRef] = World.unreachable("standby")
        case "newer": world.standby.version = World.v12
        default: world.edit("policy:\n", "policy:\n  actions: { updateVersion: never }\n")
        }
        let findings = try world.findings(VersionRules())
        let block = try findings.one(.ver3, check: "follow")
        #expect(block.status == .violated)
        guard case .block(let id) = block.remedy else {
            Issue.record("expected a block")
            return
        }
        #expect(id == "updateVersion:live/starface/system")
    }

    @Test("VER-2 satisfied when the standby runs the version that made the newest backup")
    func importable() throws {
        let finding = try World().findings(VersionRules()).one(.ver2)
        #expect(finding.status == .satisfied)
        #expect(finding.check == "s3")
    }

    @Test("VER-2 violated when the standby is older than the backup's source version; history makes it certain")
    func notImportable() throws {
        var world = World()
        world.standby.version = World.v9
        let uncertain = try world.findings(VersionRules()).one(.ver2)
        #expect(uncertain.status == .violated)
        #expect(uncertain.message.contains("may not be able to import"))
        #expect(uncertain.fix?.type == .updateVersion)

        // An earlier observation saw 8.1.0.11 before the backup was made: the backup is surely 8.1.0.11.
        var earlier = World()
        earlier.observedAt = World.t0.addingTimeInterval(-5 * 3600)
        world.history = [earlier.estate]
        let certain = try world.findings(VersionRules()).one(.ver2)
        #expect(certain.status == .violated)
        #expect(certain.message.contains("cannot import"))
        #expect(certain.message.contains("made by 8.1.0.11"))
    }

    @Test("VER-2 boundary: history shows the backup was made by the standby's own version")
    func boundaryByHistory() throws {
        var world = World()
        world.standby.version = World.v9
        world.live.version = World.v11
        // Live ran 8.1.0.9 until after the backup (made 2h ago); it was updated since.
        var before = World()
        before.observedAt = World.t0.addingTimeInterval(-3 * 3600)
        before.live.version = World.v9
        var after = World()
        after.observedAt = World.t0.addingTimeInterval(-3600)
        after.live.version = World.v9
        world.history = [before.estate, after.estate]
        let finding = try world.findings(VersionRules()).one(.ver2)
        #expect(finding.status == .satisfied, "\(finding.message)")
    }

    @Test("VER-2 unknown when the backups are not observed; no finding when there are none (BAK-1 says so)")
    func backupsUnknownOrAbsent() throws {
        var world = World()
        world.overrides[World.backupsRef] = World.unreachable("s3")
        #expect(try world.findings(VersionRules()).one(.ver2).status == .unknown)
        world.overrides[World.backupsRef] = .absent
        #expect(try world.findings(VersionRules()).of(.ver2).isEmpty)
    }
}
