import Controller
import Foundation
import Providers
import Spec
import Testing
import TestSupport

@Suite("VMB-1..2: VM backups")
struct VMBackupRulesTests {
    @Test("VMB-1 and VMB-2 hold for a covering, recent, reverse-incremental job")
    func satisfied() throws {
        let findings = try World().findings(VMBackupRules())
        #expect(findings.statuses == [.satisfied, .satisfied])
    }

    @Test("VMB-1 late: start the job; boundary at interval + grace")
    func late() throws {
        var world = World()
        world.job.lastSuccess = World.t0.addingTimeInterval(-26 * 3600)
        #expect(try world.findings(VMBackupRules()).one(.vmb1).status == .satisfied)
        world.job.lastSuccess = World.t0.addingTimeInterval(-26 * 3600 - 1)
        let finding = try world.findings(VMBackupRules()).one(.vmb1)
        #expect(finding.status == .violated)
        #expect(finding.check == "freshness")
        #expect(finding.fix?.type == .startBackupJob)
    }

    @Test("VMB-1 never succeeded is critical")
    func neverSucceeded() throws {
        var world = World()
        world.job.lastSuccess = nil
        world.job.lastResult = .failed
        let finding = try world.findings(VMBackupRules()).one(.vmb1)
        #expect(finding.severity == .critical)
        #expect(finding.observed == "never succeeded (last result failed)")
    }

    @Test("VMB-1 alerts when the job misses the VM, is disabled, runs too rarely, or does not exist")
    func alerts() throws {
        var world = World()
        world.job.vms = ["other-vm"]
        world.job.enabled = false
        world.job.interval = .hours(48)
        let findings = try world.findings(VMBackupRules()).of(.vmb1)
        #expect(Set(findings.compactMap(\.check)) == ["membership", "enabled", "interval"])
        #expect(findings.allSatisfy { $0.isAlert })
        world = World()
        world.overrides[World.jobRef] = .absent
        let absent = try world.findings(VMBackupRules())
        #expect(try absent.one(.vmb1).check == "exists")
        #expect(absent.of(.vmb2).isEmpty)
    }

    @Test("VMB-1 and VMB-2 unknown when the job is not observed")
    func unknown() throws {
        var world = World()
        world.overrides[World.jobRef] = .unknown(.providerTypeNotSupported("veeam", provider: "veeam"))
        #expect(try world.findings(VMBackupRules()).statuses == [.unknown, .unknown])
    }

    @Test("VMB-2 warns for forward-incremental unless mode: any")
    func mode() throws {
        var world = World()
        world.job.mode = .forwardIncremental
        let finding = try world.findings(VMBackupRules()).one(.vmb2)
        #expect(finding.status == .violated)
        #expect(finding.severity == .warning)
        world.edit("interval: 24h, grace: 2h }", "interval: 24h, grace: 2h, mode: any }")
        #expect(try world.findings(VMBackupRules()).one(.vmb2).status == .satisfied)
        world.job.mode = nil
        world.edit("grace: 2h, mode: any }", "grace: 2h }")
        #expect(try world.findings(VMBackupRules()).one(.vmb2).status == .unknown)
    }
}
