import Providers
import Spec

/// INF-1: advice about the infrastructure under the live VM, where a provider can see it.
/// Reported, never fixed or alerted.
///
/// Checked today (vSphere): the live VM's host is in a cluster; HA is on for it (unless
/// LOC-2 already requires it); the cluster has an EVC mode, so hosts of another CPU
/// generation cannot change the CPU the licence sees. Identical hosts, redundant power
/// supplies, UPS and the voice VLAN are not visible to any provider yet.
public struct InfrastructureRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.inf1] }

    public func findings(for c: InstanceContext) -> [Finding] {
        guard let ref = c.resources.liveVM, case .present(let vm) = c.vm(ref), vm.hypervisor == .vsphere else { return [] }
        var out: [Finding] = []
        let address = c.address(of: ref)
        guard let cluster = vm.clusterName else {
            if vm.hostName != nil {
                out.append(.violated(.inf1, .info, c.name, address, check: "cluster", desired: "in a cluster", observed: "standalone host",
                                     "\(ref.name) runs on the standalone host \(vm.hostName!): no HA restart, no identical hosts to move to.",
                                     remedy: .report))
            }
            return out
        }
        if c.instance.local.cluster == .off, let ha = vm.haEnabled {
            if ha {
                out.append(.satisfied(.inf1, c.name, address, check: "ha", desired: "HA on", observed: "HA on", .clusterHA(cluster: cluster)))
            } else {
                out.append(.violated(.inf1, .info, c.name, address, check: "ha", desired: "HA on", observed: "HA off",
                                     "vSphere HA is off for cluster \(cluster): without Fault Tolerance, a host failure stops the PBX until someone restarts it.",
                                     remedy: .report))
            }
        }
        if let evc = vm.evcMode {
            out.append(.satisfied(.inf1, c.name, address, check: "evc", desired: "EVC mode set", observed: evc,
                                  .clusterEVC(cluster: cluster, mode: evc)))
        } else {
            out.append(.violated(.inf1, .info, c.name, address, check: "evc", desired: "EVC mode set", observed: "EVC off",
                                 "Cluster \(cluster) has no EVC mode: a host of another CPU generation would present another CPU type, and the STARFACE licence hardware ID would change. Keep the cluster's hosts identical, or set an EVC mode.",
                                 remedy: .report))
        }
        return out
    }
}
