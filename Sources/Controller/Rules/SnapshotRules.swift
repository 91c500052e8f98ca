import Foundation
import Providers
import Spec

/// SNP-1: no snapshot on a STARFACE VM (the live VM and every observed replica VM) is
/// older than `snapshots.maxAge`; snapshots slow the VM down. A stale snapshot is deleted
/// (consolidated) when `onStale: delete`, unless its name matches a `protect` pattern or it
/// is one of sfreconcile's own SNP-2 snapshots (`sfreconcile-*`: a change may be in
/// progress, or failed); those alert. Hyper-V Replica checkpoints (type `Replica`) belong
/// to replication and are never counted.
///
/// SNP-2 (a snapshot around every change to a STARFACE VM) is carried out by the planner:
/// see `Planner`.
public struct SnapshotRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.snp1] }

    /// The name prefix of the snapshots SNP-2 takes.
    public static let ownPrefix = "sfreconcile-"

    public func findings(for c: InstanceContext) -> [Finding] {
        var out: [Finding] = []
        let policy = c.instance.snapshots
        // Each STARFACE VM with the site of a replica (nil for the live VM).
        var vms: [(ref: ResourceRef, role: ActionRole, replicaSite: String?)] = []
        if let live = c.resources.liveVM { vms.append((live, .live, nil)) }
        for (index, replica) in c.resources.replicas.enumerated() {
            if let vm = replica.vm, !vms.contains(where: { $0.ref == vm }) {
                vms.append((vm, .redundancy, c.instance.geo[index].site))
            }
        }
        let desired = "none older than \(Human.span(policy.maxAge))"
        for (ref, role, replicaSite) in vms {
            switch c.vm(ref) {
            case .unknown(let error):
                out.append(.unknown(.snp1, .warning, c.name, c.address(of: ref), desired: desired,
                                    "The snapshots of \(Self.label(vm: ref.name, replicaSite: replicaSite))", because: error))
            case .absent:
                if role == .live {
                    out.append(.violated(.snp1, .critical, c.name, ref.description, desired: "the live VM exists", observed: "not found",
                                         "The live VM \(ref.name) was not found on \(ref.provider): check live.vm.name, or whether the VM was removed.",
                                         remedy: .alert))
                }
            case .present(let vm):
                out += findings(for: vm, ref: ref, role: role, replicaSite: replicaSite, policy: policy, desired: desired, c)
            }
        }
        return out
    }

    private func findings(for vm: VMState, ref: ResourceRef, role: ActionRole, replicaSite: String?, policy: SnapshotPolicy,
                          desired: String, _ c: InstanceContext) -> [Finding] {
        var out: [Finding] = []
        var counted = 0
        for snapshot in vm.snapshots where snapshot.type?.lowercased() != "replica" {
            counted += 1
            let address = "\(ref)#snapshot:\(snapshot.id)"
            let created: Date? = snapshot.createTime
            guard let created else {
                out.append(.unknown(.snp1, .warning, c.name, address, desired: desired, "The age of snapshot \"\(snapshot.name)\"",
                                    because: ProviderError(.unsupported, "the hypervisor did not report when the snapshot was taken",
                                                           provider: ref.provider, resource: ref)))
                continue
            }
            let age = c.age(of: created)
            guard age > policy.maxAge.seconds else { continue }
            let observed = "\(Human.age(age)) old"
            let label = Self.label(vm: ref.name, replicaSite: replicaSite)
            let subject = "Snapshot \"\(snapshot.name)\" of \(label) is \(Human.age(age)) old (taken \(Human.time(created))), older than \(Human.span(policy.maxAge))"
            if let pattern = policy.protect.first(where: { Glob.matches($0, snapshot.name) }) {
                out.append(.violated(.snp1, .info, c.name, address, desired: desired, observed: observed,
                                     "\(subject), but protected by \"\(pattern)\": it is not deleted. Delete it by hand when it is no longer needed; it slows the VM down.",
                                     remedy: .alert))
            } else if snapshot.name.hasPrefix(Self.ownPrefix) {
                out.append(.violated(.snp1, .warning, c.name, address, desired: desired, observed: observed,
                                     "\(subject). sfreconcile took it before a change (SNP-2) that has not finished: check the change, then delete the snapshot.",
                                     remedy: .alert))
            } else if policy.onStale == .alert {
                out.append(.violated(.snp1, .warning, c.name, address, desired: desired, observed: observed,
                                     "\(subject); it slows the VM down. Delete (consolidate) it.", remedy: .alert))
            } else {
                let fix = ProposedFix(type: .deleteSnapshot, target: address, role: role,
                                      summary: "delete snapshot \"\(snapshot.name)\" of \(ref.name)",
                                      reason: "\(Human.age(age)) old > \(Human.span(policy.maxAge))",
                                      parameters: [ActionParameter("vm", ref.description), ActionParameter("snapshot", snapshot.id)])
                out.append(.violated(.snp1, .warning, c.name, address, desired: desired, observed: observed,
                                     "\(subject); it slows the VM down and is deleted (consolidated).", remedy: .fix(fix)))
            }
        }
        let anyViolated = out.contains { $0.status == .violated }
        let unknown = out.filter { $0.status == .unknown }.count
        if !anyViolated && (counted == 0 || unknown < counted) {
            out.insert(.satisfied(.snp1, c.name, c.address(of: ref), desired: desired,
                                  observed: counted == 0 ? "no snapshots" : Count.of(counted - unknown, "snapshot") + " within age",
                                  counted == 0 ? .noSnapshots(vm: ref.name, replicaSite: replicaSite)
                                      : .snapshotsWithinAge(vm: ref.name, replicaSite: replicaSite, maxAge: policy.maxAge)), at: 0)
        }
        return out
    }

    /// `the live VM <name>`, or `the replica VM <name> at <site>`.
    static func label(vm: String, replicaSite: String?) -> String {
        replicaSite.map { "the replica VM \(vm) at \($0)" } ?? "the live VM \(vm)"
    }
}
