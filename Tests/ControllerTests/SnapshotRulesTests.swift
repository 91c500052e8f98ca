import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("SNP-1: snapshot age")
struct SnapshotRulesTests {
    /// The findings about the live VM only (the replica VM has its own).
    func live(_ world: World) throws -> [Finding] {
        try world.findings(SnapshotRules()).filter { $0.address.hasPrefix(World.liveVMRef.description) }
    }

    @Test("no snapshots: satisfied for the live and the replica VM")
    func none() throws {
        let findings = try World().findings(SnapshotRules())
        #expect(findings.map(\.address) == ["vc/vm/starface-pbx01", "vc-b/vm/starface-pbx01"])
        #expect(findings.allSatisfy { $0.status == .satisfied })
    }

    @Test("boundary: a snapshot exactly maxAge old holds; one second older is deleted")
    func boundary() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("before-update", age: 72 * 3600)]
        #expect(try world.findings(SnapshotRules()).of(.snp1).allSatisfy { $0.status == .satisfied })
        world.liveVM.snapshots = [world.snapshot("before-update", age: 72 * 3600 + 1, id: "snapshot-9")]
        let finding = try live(world).one(.snp1)
        #expect(finding.status == .violated)
        #expect(finding.address == "vc/vm/starface-pbx01#snapshot:snapshot-9")
        let fix = try #require(finding.fix)
        #expect(fix.type == .deleteSnapshot)
        #expect(fix.reason == "3d1s old > 3d")
        #expect(fix.parameters.contains(ActionParameter("snapshot", "snapshot-9")))
    }

    @Test("a 9-day-old snapshot is deleted; the message says how old")
    func stale() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("fresh", age: 3600), world.snapshot("before-update", age: 9 * 86_400 + 3600)]
        let findings = try world.findings(SnapshotRules())
        let violated = findings.filter { $0.status == .violated }
        #expect(violated.count == 1)
        #expect(violated[0].observed == "9d1h old")
        #expect(violated[0].fix?.reason == "9d1h old > 3d")
    }

    @Test("protected, own SNP-2 and onStale: alert snapshots alert instead of being deleted")
    func alertsOnly() throws {
        var world = World()
        world.liveVM.snapshots = [world.snapshot("keep-golden", age: 30 * 86_400), world.snapshot("sfreconcile-before-updateVersion", age: 5 * 86_400)]
        let findings = try live(world).filter { $0.status == .violated }
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.isAlert })
        #expect(findings[0].severity == .info)
        #expect(findings[1].message.contains("has not finished"))

        world = World()
        world.edit("snapshots: { maxAge: 72h, protect: [\"keep-*\"] }", "snapshots: { maxAge: 72h, onStale: alert }")
        world.liveVM.snapshots = [world.snapshot("old", age: 4 * 86_400)]
        #expect(try live(world).one(.snp1).isAlert)
    }

    @Test("Hyper-V Replica checkpoints are not counted")
    func replicaCheckpoints() throws {
        var world = World()
        world.liveVM.snapshots = [VMSnapshot(id: "c1", name: "Replica checkpoint", createTime: World.t0.addingTimeInterval(-30 * 86_400), type: "Replica")]
        #expect(try world.findings(SnapshotRules()).allSatisfy { $0.status == .satisfied })
    }

    @Test("unknown when the VM is not observed; the live VM missing is critical")
    func unknownAndAbsent() throws {
        var world = World()
        world.overrides[World.liveVMRef] = World.unreachable("vc")
        #expect(try world.findings(SnapshotRules()).first?.status == .unknown)
        world.overrides[World.liveVMRef] = .absent
        let absent = try world.findings(SnapshotRules()).first
        #expect(absent?.status == .violated)
        #expect(absent?.severity == .critical)
    }

    @Test("glob patterns", arguments: [("keep-*", "keep-me", true), ("keep-*", "xkeep-me", false), ("a?c", "abc", true),
                                       ("a?c", "ac", false), ("*", "", true), ("*-x-*", "a-x-b", true), ("k*p", "kxxpq", false)])
    func glob(pattern: String, name: String, matches: Bool) throws {
        var world = World()
        world.edit("protect: [\"keep-*\"]", "protect: [\"\(pattern)\"]")
        world.liveVM.snapshots = [world.snapshot(name, age: 10 * 86_400)]
        let finding = try live(world).one(.snp1)
        #expect((finding.fix == nil) == matches)
    }
}
