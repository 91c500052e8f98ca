import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("BAK-1..3: STARFACE backups")
struct BackupRulesTests {
    @Test("BAK-1 satisfied with a backup 2h old; violated (trigger a backup) when older than the platform RPO")
    func age() throws {
        #expect(try World().findings(BackupRules()).one(.bak1).status == .satisfied)
        var world = World()
        world.backups.files = [BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-30 * 3600), size: 100)]
        let finding = try world.findings(BackupRules()).one(.bak1)
        #expect(finding.status == .violated)
        #expect(finding.severity == .warning)
        #expect(finding.observed == "1d6h old")
        #expect(finding.fix?.type == .triggerBackup)
        #expect(finding.fix?.target == "live/starface/system")
    }

    @Test("BAK-1 boundary: exactly the RPO old holds, one second more does not")
    func boundary() throws {
        var world = World()
        world.backups.files = [BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-86_400), size: 100)]
        #expect(try world.findings(BackupRules()).one(.bak1).status == .satisfied)
        world.backups.files = [BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-86_401), size: 100)]
        #expect(try world.findings(BackupRules()).one(.bak1).status == .violated)
    }

    @Test("BAK-1 ignores empty files and files that are not .sar; none left is critical")
    func onlyRealBackups() throws {
        var world = World()
        world.backups.files = [
            BackupFile(name: "b.sar", modified: World.t0.addingTimeInterval(-60), size: 0),
            BackupFile(name: "notes.txt", modified: World.t0.addingTimeInterval(-60), size: 10),
        ]
        let finding = try world.findings(BackupRules()).one(.bak1)
        #expect(finding.status == .violated)
        #expect(finding.severity == .critical)
        world.overrides[World.backupsRef] = .absent
        #expect(try world.findings(BackupRules()).one(.bak1).severity == .critical)
    }

    @Test("BAK-1 unknown when the target cannot be listed")
    func unknown() throws {
        var world = World()
        world.overrides[World.backupsRef] = World.unreachable("s3")
        let finding = try world.findings(BackupRules()).one(.bak1)
        #expect(finding.status == .unknown)
        #expect(finding.message.contains("connection refused"))
    }

    @Test("BAK-2: a target at another site holds; at the live site or without a site it alerts; offsite: true holds")
    func offsite() throws {
        #expect(try World().findings(BackupRules()).one(.bak2).status == .satisfied)
        var world = World()
        world.edit("secretKey: \"${env:S3_SECRET}\", site: b }", "secretKey: \"${env:S3_SECRET}\", site: a }")
        let onSite = try world.findings(BackupRules()).one(.bak2)
        #expect(onSite.status == .violated)
        #expect(onSite.isAlert)
        world.edit("secretKey: \"${env:S3_SECRET}\", site: a }", "secretKey: \"${env:S3_SECRET}\" }")
        #expect(try world.findings(BackupRules()).one(.bak2).observed == "no site declared")
        world.edit("secretKey: \"${env:S3_SECRET}\" }", "secretKey: \"${env:S3_SECRET}\", offsite: true }")
        #expect(try world.findings(BackupRules()).one(.bak2).status == .satisfied)
    }

    @Test("BAK-3: schedule off is critical, too rare a warning, both set the schedule; not reported is unknown")
    func schedule() throws {
        #expect(try World().findings(BackupRules()).one(.bak3).status == .satisfied)
        var world = World()
        world.live.backupSchedule = StarfaceBackupSchedule(enabled: false)
        let off = try world.findings(BackupRules()).one(.bak3)
        #expect(off.status == .violated)
        #expect(off.severity == .critical)
        #expect(off.fix?.type == .setBackupSchedule)
        world.live.backupSchedule = StarfaceBackupSchedule(enabled: true, interval: .hours(48))
        let rare = try world.findings(BackupRules()).one(.bak3)
        #expect(rare.severity == .warning)
        #expect(rare.fix?.parameters == [ActionParameter("interval", "1d")])
        world.live.backupSchedule = nil
        #expect(try world.findings(BackupRules()).one(.bak3).status == .unknown)
        world.live.unreadable = ["backup_schedule": "no STARFACE API offers the backup schedule"]
        #expect(try world.findings(BackupRules()).one(.bak3).message.contains("no STARFACE API offers the backup schedule"))
    }

    @Test("BAK-3 boundary: an interval equal to the spec's holds")
    func scheduleBoundary() throws {
        var world = World()
        world.live.backupSchedule = StarfaceBackupSchedule(enabled: true, interval: .hours(24))
        #expect(try world.findings(BackupRules()).one(.bak3).status == .satisfied)
        world.live.backupSchedule = StarfaceBackupSchedule(enabled: true, interval: TimeSpan(seconds: 86_401))
        #expect(try world.findings(BackupRules()).one(.bak3).status == .violated)
    }

    @Test("no STARFACE backups in the spec: no BAK findings")
    func notConfigured() throws {
        var world = World()
        world.edit("      starface: { target: s3, prefix: pbx/, interval: 24h }\n", "")
        #expect(try world.findings(BackupRules()).isEmpty)
    }
}
