import Controller
import Foundation
import Providers
import Spec
import Testing
import TestSupport

@Suite("completeness and exit status")
struct CompletenessTests {
    @Test("an unknown resource makes the plan incomplete, listed by provider and reason; rules on it say unknown")
    func unknownResource() throws {
        var world = World()
        world.overrides[World.jobRef] = .unknown(.providerTypeNotSupported("veeam", provider: "veeam"))
        let plan = try world.plan()
        #expect(!plan.complete)
        #expect(!plan.applyable)
        let entry = try #require(plan.incomplete.first)
        #expect(plan.incomplete.count == 1)
        #expect(entry.provider == "veeam")
        #expect(entry.resource == "veeam/backup-job/STARFACE VM")
        #expect(entry.kind == "unsupported")
        #expect(entry.reason == "provider type veeam not supported yet in this version")
        let vmb = plan.findings.filter { $0.rule == .vmb1 || $0.rule == .vmb2 }
        #expect(vmb.allSatisfy { $0.status == .unknown })
        #expect(plan.summary.line == "No changes, no alerts. 1 resource unknown (plan incomplete).")
    }

    @Test("a resource missing from the estate is unknown, never absent")
    func notObserved() throws {
        var world = World()
        world.overrides = [:]
        let spec = try world.spec()
        var estate = world.estate
        estate.resources[World.replicationRef] = nil
        let plan = Planner().plan(PlanRequest(spec: spec, estate: estate, now: World.t0))
        #expect(plan.incomplete.map(\.resource) == ["srm/replication/starface-pbx01"])
        #expect(plan.incomplete.first?.reason == "srm/replication/starface-pbx01 was not observed")
        #expect(!plan.findings.contains { $0.rule == .geo1 && $0.status != .unknown })
    }

    @Test("exit status: 0, 1 when incomplete unless allowed, 2 for drift only with detailed exit codes", arguments: [
        (false, false, false, false, Int32(0)), (false, false, true, false, 0), (false, false, true, true, 2),
        (true, false, false, false, 1), (true, false, false, true, 1), (true, true, false, true, 0),
        (true, true, true, true, 2), (true, true, true, false, 0),
    ])
    func exitStatus(incomplete: Bool, allowIncomplete: Bool, drift: Bool, detailed: Bool, expected: Int32) throws {
        var world = World()
        if incomplete { world.overrides[World.jobRef] = World.unreachable("veeam") }
        if drift { world.liveVM.snapshots = [world.snapshot("old", age: 9 * 86_400)] }
        let plan = try world.plan()
        #expect(plan.hasDrift == drift)
        #expect(PlanExitStatus.code(for: plan, detailedExitCode: detailed, allowIncomplete: allowIncomplete) == expected)
    }
}
