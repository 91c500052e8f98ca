import Controller
import Foundation
import Spec
import Testing
import TestSupport

@Suite("SpecDiff")
struct SpecDiffTests {
    static let baseRevision = GitRevision(refName: "main", sha: "0123456789abcdef0123456789abcdef01234567")
    static let headRevision = GitRevision(refName: "feature/backups", sha: "89abcdef0123456789abcdef0123456789abcdef")

    func load(_ directory: String) -> SpecLoadResult {
        let result = SpecLoader().load(path: Paths.fixtures.appendingPathComponent("diff/\(directory)").path)
        #expect(result.isValid, "\(result.diagnostics)")
        return result
    }

    func comparison() -> SpecComparison {
        SpecComparison(
            base: SpecSnapshot(origin: .git(repository: "https://git.example.com/ops/pbx.git", revision: Self.baseRevision, path: "specs"),
                               result: load("base")),
            head: SpecSnapshot(origin: .git(repository: "https://git.example.com/ops/pbx.git", revision: Self.headRevision, path: "specs"),
                               result: load("head")))
    }

    @Test("names what was added, removed and changed, with the keys and the rules touched")
    func changes() throws {
        let diff = comparison().diff
        let summary = diff.changes.map { "\($0.section.rawValue) \($0.name ?? "-") \($0.kind.rawValue)" }
        #expect(summary == [
            "objectives - changed", "sites branch added", "providers vcenter changed", "instances branch-pbx added",
            "instances old-pbx removed", "instances pbx changed", "alerts chat added", "policy - changed",
        ])
        let pbx = try #require(diff.changes.first { $0.name == "pbx" })
        #expect(pbx.keys.map(\.path) == [
            "backups.starface.interval", "snapshots.maxAge", "snapshots.protect[0]", "hardware.vcpus", "hardware.coresPerSocket",
            "hardware.cpu",
        ])
        #expect(pbx.keys.first { $0.path == "backups.starface.interval" }.map { ($0.before, $0.after) }! == (.string("1d"), .string("12h")))
        #expect(pbx.rules == ["BAK-1", "BAK-2", "BAK-3", "SNP-1", "HWID-1"])

        let vcenter = try #require(diff.changes.first { $0.name == "vcenter" })
        #expect(vcenter.keys.map(\.path) == ["url", "password"])
        #expect(vcenter.keys.last?.after == .string("${env:VCENTER_PASSWORD_2}"), "secrets appear only as references")
        #expect(vcenter.instances == ["old-pbx", "pbx"])
        #expect(vcenter.rules.contains("HWID-1") && vcenter.rules.contains("LOC-1"))

        let branch = try #require(diff.changes.first { $0.name == "branch" && $0.section == .sites })
        #expect(branch.instances == ["branch-pbx"])
        #expect(diff.changes.first { $0.section == .objectives }?.rules == ["OBJ-1"])
        let added = try #require(diff.changes.first { $0.name == "branch-pbx" })
        #expect(!added.rules.contains("INF-1"), "suspended: false does not touch every rule")
        #expect(added.keys.isEmpty)
        #expect(diff.instances == ["branch-pbx", "old-pbx", "pbx"])
    }

    @Test("identical specs and reordered files or alert sinks are no change")
    func noChange() {
        let base = load("base")
        #expect(SpecDiff(from: base.spec, to: base.spec).isEmpty)
        var reordered = base.spec
        reordered.alerts = reordered.alerts.reversed()
        #expect(SpecDiff(from: base.spec, to: reordered).isEmpty)
    }

    @Test("rule IDs fold into ranges")
    func compactRules() {
        #expect(SpecRuleImpact.compact(["GEO-3", "GEO-1", "GEO-2", "LOC-2", "LOC-1", "HWID-1"]) == "HWID-1, LOC-1/2, GEO-1..3")
        #expect(SpecRuleImpact.compact(["VMB-1", "PLT-1", "VER-1"]) == "VER-1, VMB-1, PLT-1")
        #expect(SpecRuleImpact.rules(forInstancePath: "geo[1].via.provider") == ["GEO-1", "GEO-2", "GEO-3"])
        #expect(SpecRuleImpact.rules(forInstancePath: "backups.vm.job") == ["VMB-1", "VMB-2"])
        #expect(SpecRuleImpact.rules(forInstancePath: "description").isEmpty)
    }

    @Test("renders as its golden files show", arguments: SpecDiffOutputFormat.allCases)
    func golden(format: SpecDiffOutputFormat) {
        let rendered = SpecDiffRenderer.render(comparison(), as: format)
        Golden.expect(rendered, matches: "diff/expected.\(format.rawValue)")
    }
}
