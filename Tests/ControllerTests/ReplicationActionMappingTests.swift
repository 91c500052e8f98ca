@testable import Controller
import Foundation
import Providers
import Spec
import Testing

/// GEO-1/GEO-2 fixes become Hyper-V provider actions, or are found already done.
@Suite("Action mapping of replication fixes")
struct ReplicationActionMappingTests {
    static let ref = ResourceRef.replication(of: "starface-contact", on: "hv-ham")

    func action(_ type: ActionType, _ parameters: [ActionParameter]) -> PlannedAction {
        PlannedAction(id: "\(type.rawValue):\(Self.ref)", type: type, instance: "pbx-contact", target: Self.ref.description, role: .redundancy,
                      summary: "fix the replication", reason: "", parameters: parameters, fixes: [.geo2], findings: [], dependsOn: [],
                      approval: .auto, impact: .none, reversible: true, disruptive: false, blockedBy: [], runnableNow: true,
                      notRunnableReason: nil)
    }

    func replication(rpo: Int?, state: String = "Replicating") -> Observation {
        var replication = ReplicationState(mechanism: .hypervReplica, state: state)
        replication.health = .normal
        replication.rpo = rpo.map { .seconds($0) }
        return .present(.replication(replication))
    }

    @Test("setReplicationFrequency picks the longest Hyper-V frequency within the RPO, or finds it done")
    func frequency() {
        let fiveMinutes = action(.setReplicationFrequency, [ActionParameter("rpo", "5m")])
        #expect(ActionMapping.step(for: fiveMinutes, observed: replication(rpo: 900))
            == .perform(.setReplicationFrequency(replication: Self.ref, seconds: 300)))
        #expect(ActionMapping.step(for: action(.setReplicationFrequency, [ActionParameter("rpo", "2m")]), observed: replication(rpo: 900))
            == .perform(.setReplicationFrequency(replication: Self.ref, seconds: 30)))
        if case .satisfied = ActionMapping.step(for: fiveMinutes, observed: replication(rpo: 300)) {} else {
            Issue.record("300 s meets an RPO of 5 min")
        }
        if case .unsupported = ActionMapping.step(for: action(.setReplicationFrequency, [ActionParameter("rpo", "10s")]),
                                                  observed: replication(rpo: 900)) {} else {
            Issue.record("Hyper-V offers nothing within 10 s")
        }
    }

    @Test("enableReplication enables a missing or suspended replication, and leaves a running one alone")
    func enable() {
        let enable = action(.enableReplication, [ActionParameter("replicaServer", "hv-replica-ber.example.com"), ActionParameter("rpo", "5m")])
        #expect(ActionMapping.step(for: enable, observed: .absent)
            == .perform(.enableReplication(replication: Self.ref, replicaServer: "hv-replica-ber.example.com", seconds: 300)))
        #expect(ActionMapping.step(for: enable, observed: replication(rpo: 300, state: "Suspended"))
            == .perform(.enableReplication(replication: Self.ref, replicaServer: "hv-replica-ber.example.com", seconds: 300)))
        if case .satisfied = ActionMapping.step(for: enable, observed: replication(rpo: 300)) {} else {
            Issue.record("a running replication needs nothing")
        }
        if case .cannotTell = ActionMapping.step(for: enable, observed: .unknown(ProviderError(.timeout, "no answer"))) {} else {
            Issue.record("unknown is never acted on")
        }
    }
}
