import Controller
import Foundation
import Providers
import Spec
import Testing
import TestSupport

@Suite("plan renderers")
struct RenderingTests {
    /// A plan with something of everything: a version target (standby first, SNP-2 around
    /// the live update), a stale and a protected snapshot, an unobserved backup job, a
    /// lagging replica, infrastructure advice.
    static func mixedPlan() throws -> Plan {
        var world = World()
        world.edit("version: { policy: equal }", "version: { policy: equal, target: 8.1.0.12 }")
        world.liveVM.snapshots = [world.snapshot("keep-baseline", age: 40 * 86_400, id: "snapshot-1"),
                                  world.snapshot("before-update", age: 9 * 86_400 + 3600, id: "snapshot-2")]
        world.liveVM.evcMode = nil
        world.overrides[World.jobRef] = .unknown(.providerTypeNotSupported("veeam", provider: "veeam"))
        world.replication.lastReplication = World.t0.addingTimeInterval(-40 * 60)
        return try world.plan()
    }

    static func blockedPlan() throws -> Plan {
        var world = World()
        world.standby.version = World.v12
        world.edit("  pbx:\n    live:", "  pbx:\n    description: \"Head office | all sites\"\n    live:")
        return try world.plan()
    }

    @Test("text, JSON and markdown of the mixed plan match their golden files", arguments: PlanOutputFormat.allCases)
    func golden(format: PlanOutputFormat) throws {
        let extensions: [PlanOutputFormat: String] = [.text: "txt", .json: "json", .markdown: "md"]
        Golden.expect(format.view(color: false).render(try Self.mixedPlan()), matches: "plan-mixed.\(extensions[format]!)")
        Golden.expect(format.view(color: false).render(try Self.blockedPlan()), matches: "plan-blocked.\(extensions[format]!)")
    }

    @Test("text shows drift and unknowns, counts satisfied checks, ends with the summary line")
    func textShape() throws {
        let text = PlanTextRenderer().render(try Self.mixedPlan())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  ~ update STARFACE of standby appliance (standby) 8.1.0.11 → 8.1.0.12") })
        #expect(lines.contains { $0.hasPrefix("  - delete snapshot \"before-update\" of starface-pbx01") })
        #expect(lines.contains { $0.hasPrefix("  ? VMB-1 veeam/backup-job/STARFACE VM") })
        #expect(lines.contains { $0.hasPrefix("  i INF-1") })
        #expect(!lines.contains { $0.contains("VMB-2") && $0.contains("reverse-incremental: the newest") })   // satisfied: counted only
        #expect(lines.last == "0 would run now; 5 wait for approval, a maintenance window or another action.")
        #expect(lines.dropLast().last == "Plan: 1 to create, 2 to change, 2 to delete, 4 alerts. 1 resource unknown (plan incomplete).")
        #expect(!text.contains("\u{1B}["))
    }

    @Test("text and JSON written in pieces on several cores are the same output, piece after piece",
          arguments: [PlanOutputFormat.text, .json])
    func pieces(format: PlanOutputFormat) throws {
        let plan = try Self.mixedPlan()
        let whole = format.view(color: false)
        let split: any PlanView
        if format == .text {
            var text = PlanTextRenderer()
            text.rowsPerPiece = 1
            split = text
        } else {
            var json = PlanJSONRenderer()
            json.rowsPerPiece = 1
            split = json
        }
        let pieces = split.renderPieces(plan)
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            #expect(pieces.count > whole.renderPieces(plan).count)
        }
        #expect(String(decoding: pieces.flatMap { $0 }, as: UTF8.self) == whole.render(plan))
        #expect(split.render(plan) == whole.render(plan))
        // Streamed: handed over in rounds of pieces, the same bytes.
        var streamed: [[UInt8]] = []
        split.render(plan) { streamed.append($0) }
        #expect(String(decoding: streamed.flatMap { $0 }, as: UTF8.self) == whole.render(plan))
        if format == .json { #expect(streamed.count > 2 && streamed.allSatisfy { !$0.isEmpty }) }
    }

    @Test("colours only when asked")
    func colours() throws {
        let coloured = PlanTextRenderer(color: true).render(try Self.mixedPlan())
        #expect(coloured.contains("\u{1B}[33m~\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31m-\u{1B}[0m"))
    }

    @Test("the JSON form parses, has every documented key, and its summary counts what it lists")
    func jsonShape() throws {
        let plan = try Self.mixedPlan()
        let text = PlanJSONRenderer().render(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["format_version"] as? String == "1.0")
        for key in ["revision", "observed_at", "planned_at", "observed_digest", "complete", "applyable", "errored", "errors",
                    "summary", "maintenance", "instances", "actions", "alerts", "findings", "scenarios", "incomplete"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        let actions = try #require(object["actions"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(actions.count == summary["to_create"]! + summary["to_update"]! + summary["to_delete"]! + summary["blocked"]!)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == summary["findings_violated"]! + summary["findings_satisfied"]! + summary["findings_unknown"]!)
        #expect(findings.contains { $0["status"] as? String == "satisfied" })
        let ids = Set(actions.compactMap { $0["id"] as? String })
        for action in actions {
            for dependency in action["depends_on"] as? [String] ?? [] { #expect(ids.contains(dependency)) }
            #expect((action["operations"] as? [String])?.isEmpty == false)
        }
        let scenario = try #require((object["scenarios"] as? [[String: Any]])?.first)
        for key in ["instance", "scenario", "mechanism", "rto_seconds", "rpo_seconds", "objective", "verdict", "holds", "considered"] {
            #expect(scenario.keys.contains(key), "scenario lacks \(key)")
        }
    }

    @Test("markdown is split below the limit into numbered parts that each stand alone")
    func markdownParts() throws {
        let plan = try Self.mixedPlan()
        let renderer = PlanMarkdownRenderer(limit: 3_000)
        let parts = renderer.parts(plan)
        #expect(parts.count > 1)
        for (index, part) in parts.enumerated() {
            #expect(part.utf16.count < 3_000)
            #expect(part.hasPrefix("<!-- sfreconcile plan part \(index + 1) of \(parts.count) -->\n## sfreconcile plan: "))
            #expect(part.contains("(part \(index + 1) of \(parts.count))"))
            #expect(part.components(separatedBy: "<details>").count == part.components(separatedBy: "</details>").count)
            #expect(part.components(separatedBy: "```").count % 2 == 1)
        }
        Golden.expect(parts.joined(separator: "\n"), matches: "plan-mixed.split-3000.md")
        #expect(PlanMarkdownRenderer().parts(plan).count == 1)
    }

    @Test("markdown cells: pipes escaped, HTML defused, each line break one space")
    func markdownEscaping() throws {
        var plan = try Self.mixedPlan()
        plan.alerts[0].message = "a|b <i>x</i>\r\ny\nz\rw"
        let markdown = PlanMarkdownRenderer().render(plan)
        #expect(markdown.contains("a\\|b &lt;i&gt;x&lt;/i&gt; y z w"))
    }

    @Test("a very large plan splits below GitHub's 65,536 characters")
    func markdownLarge() throws {
        var plan = try Self.mixedPlan()
        let finding = try #require(plan.findings.first { $0.status == .satisfied })
        plan.findings = (0..<3_000).map { index in
            var copy = finding
            copy.address = "vc/vm/starface-\(index)"
            return copy
        }
        let parts = PlanMarkdownRenderer().parts(plan)
        #expect(parts.count >= 3)
        #expect(parts.allSatisfy { $0.utf16.count < PlanMarkdownRenderer.githubCommentLimit })
        let listed = parts.joined().components(separatedBy: "\n- \(finding.rule.rawValue) `vc/vm/starface-").count - 1
        #expect(listed == 3_000)
    }
}
