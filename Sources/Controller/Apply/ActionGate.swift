import Foundation

/// What an apply may run, decided when its run begins and recorded with it: not blocked
/// (VER-3), approved when the policy says `approve`, inside a maintenance window when
/// disruptive, selected by `--only`, and not waiting for an action that is itself held
/// back. The SNP-2 snapshot pair goes with the change it guards.
public struct ActionGate: Sendable {
    /// Approved action ids (`sfreconcile approve ID`, `apply --approve ID`).
    public var approvals: Set<String>
    /// Whether a maintenance window is open now.
    public var maintenanceOpen: Bool
    /// `--only`: action ids or kinds; empty selects everything.
    public var only: [String]

    public init(approvals: Set<String> = [], maintenanceOpen: Bool, only: [String] = []) {
        self.approvals = approvals
        self.maintenanceOpen = maintenanceOpen
        self.only = only
    }

    /// For every action that may not run, why.
    public func heldBack(_ actions: [PlannedAction]) -> [String: String] {
        let byID = Dictionary(actions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let selected = selection(actions, byID)
        var held: [String: String] = [:]
        for action in actions {
            let change = ActionMapping.parameter("for", of: action).flatMap { byID[$0] }
            let approved = approvals.contains(action.id) || change.map { approvals.contains($0.id) } ?? false
            if !selected.contains(action.id) {
                held[action.id] = "not selected by --only"
            } else if action.isBlocked {
                held[action.id] = action.notRunnableReason ?? "blocked by " + action.blockedBy.map(\.rawValue).joined(separator: ", ")
            } else if action.approval == .approve && !approved {
                held[action.id] = "needs approval: run `sfreconcile approve \(change?.id ?? action.id)`"
            } else if action.disruptive && !maintenanceOpen {
                held[action.id] = "disruptive: waits for a maintenance window (policy.maintenanceWindows)"
            }
        }
        // Whatever waits for a held-back action is held back too (plan order is dependency
        // order), and an SNP-2 group runs whole or not at all: a snapshot is never taken when
        // its removal could not follow (removal consolidates disks: disruptive).
        var changed = true
        while changed {
            changed = false
            for action in actions where held[action.id] == nil {
                if let waiting = action.dependsOn.first(where: { held[$0] != nil }) {
                    held[action.id] = "waits for \(waiting), which does not run now"
                    changed = true
                }
            }
            for guardAction in actions {
                guard let change = ActionMapping.parameter("for", of: guardAction), byID[change] != nil else { continue }
                let group = actions.filter { $0.id == change || ActionMapping.parameter("for", of: $0) == change }
                guard let heldMember = group.first(where: { held[$0.id] != nil }) else { continue }
                for member in group where held[member.id] == nil {
                    held[member.id] = "goes with \(heldMember.id) (SNP-2), which does not run now: \(held[heldMember.id] ?? "")"
                    changed = true
                }
            }
        }
        return held
    }

    /// The actions `only` names, with what they depend on and the SNP-2 pair around them.
    private func selection(_ actions: [PlannedAction], _ byID: [String: PlannedAction]) -> Set<String> {
        guard !only.isEmpty else { return Set(actions.map(\.id)) }
        var chosen = Set(actions.filter { only.contains($0.id) || only.contains($0.type.rawValue) }.map(\.id))
        var frontier = Array(chosen)
        while let id = frontier.popLast() {
            for dependency in byID[id]?.dependsOn ?? [] where byID[dependency] != nil && chosen.insert(dependency).inserted {
                frontier.append(dependency)
            }
        }
        for action in actions where ActionMapping.parameter("for", of: action).map(chosen.contains) == true {
            chosen.insert(action.id)
        }
        return chosen
    }
}
