import Controller
import Providers
import Spec
import Testing

@Suite("the healthy world")
struct BaselineTests {
    @Test("every rule holds, nothing is unknown, the plan is empty and complete")
    func healthy() throws {
        let plan = try World().plan()
        let notSatisfied = plan.findings.filter { $0.status != .satisfied }
        #expect(notSatisfied.isEmpty, "\(notSatisfied.map(\.message))")
        #expect(plan.actions.isEmpty)
        #expect(plan.alerts.isEmpty)
        #expect(plan.complete)
        #expect(!plan.hasDrift)
        #expect(PlanExitStatus.code(for: plan, detailedExitCode: true, allowIncomplete: false) == 0)
        // Every rule said something, except SNP-2 (the planner's) and LOC-2 (local.cluster is off).
        let rules = Set(plan.findings.map(\.rule))
        #expect(rules == Set(RuleID.allCases).subtracting([.snp2, .loc2]))
    }

    @Test("findings are the same for the same input")
    func deterministic() throws {
        let world = World()
        #expect(try world.plan().findings == world.plan().findings)
    }
}
