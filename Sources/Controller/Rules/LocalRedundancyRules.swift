import Providers
import Spec

/// LOC-1, LOC-2: redundancy against the failure of the host running the live VM.
///
/// - LOC-1 (`local.faultTolerance`): vSphere Fault Tolerance is on and the secondary is
///   running. FT that is off (`notConfigured`, `disabled`) is turned on
///   (`enableFaultTolerance`); FT that is on without a running secondary alerts.
/// - LOC-2 (`local.cluster`): the VM is a highly available clustered role (Hyper-V
///   failover cluster) or runs in a vSphere HA cluster. Alert only. That the cluster's
///   hosts are identical is not observable per VM (see INF-1).
///
/// `required` makes a violation critical, `preferred` a warning.
public struct LocalRedundancyRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.loc1, .loc2] }

    public func findings(for c: InstanceContext) -> [Finding] {
        guard let ref = c.resources.liveVM else { return [] }
        let local = c.instance.local
        guard local.faultTolerance != .off || local.cluster != .off else { return [] }
        let name = c.name
        let address = c.address(of: ref)
        var vm: VMState?
        switch c.vm(ref) {
        case .unknown(let error):
            if local.faultTolerance != .off {
                return [.unknown(.loc1, local.faultTolerance.severity, name, address, desired: "running",
                                 "The Fault Tolerance state of \(ref.name)", because: error)]
                    + (local.cluster != .off ? [.unknown(.loc2, local.cluster.severity, name, address, desired: "clustered",
                                                         "Whether \(ref.name) is a clustered role", because: error)] : [])
            }
            return [.unknown(.loc2, local.cluster.severity, name, address, desired: "clustered",
                             "Whether \(ref.name) is a clustered role", because: error)]
        case .absent:
            vm = nil
        case .present(let state):
            vm = state
        }
        var out: [Finding] = []

        // LOC-1
        if local.faultTolerance != .off {
            let severity = local.faultTolerance.severity
            if let vm {
                if vm.hypervisor != .vsphere {
                    out.append(.violated(.loc1, severity, name, address, desired: "running", observed: "not vSphere",
                                         "Fault Tolerance exists on vSphere only; \(ref.name) runs on \(vm.hypervisor.rawValue). Use local.cluster instead.",
                                         remedy: .alert))
                } else if let state = vm.ftState {
                    switch state {
                    case .running:
                        out.append(.satisfied(.loc1, name, address, desired: "running", observed: state.rawValue,
                                              .faultTolerance(vm: ref.name)))
                    case .notConfigured, .disabled:
                        let fix = ProposedFix(type: .enableFaultTolerance, target: address, role: .live,
                                              summary: "turn on Fault Tolerance for \(ref.name)", reason: "FT \(state.rawValue)")
                        out.append(.violated(.loc1, severity, name, address, desired: "running", observed: state.rawValue,
                                             "Fault Tolerance is off for \(ref.name) (\(state.rawValue)): a host failure interrupts telephony until the VM restarts elsewhere.",
                                             remedy: .fix(fix)))
                    default:
                        out.append(.violated(.loc1, severity, name, address, desired: "running", observed: state.rawValue,
                                             "Fault Tolerance is on for \(ref.name), but its secondary is not running (\(state.rawValue)): check the FT network and the secondary's host.",
                                             remedy: .alert))
                    }
                } else {
                    let why = vm.unreadableReason(containing: "faultToleranceState").map { "the hypervisor refused to read it (\($0))" }
                        ?? "the hypervisor did not report the FT state"
                    out.append(.unknown(.loc1, severity, name, address, desired: "running", "The Fault Tolerance state of \(ref.name)",
                                        because: ProviderError(.unsupported, why, provider: ref.provider, resource: ref)))
                }
            } else {
                out.append(.violated(.loc1, severity, name, address, desired: "running", observed: "VM not found",
                                     "The live VM \(ref.name) was not found, so nothing protects it against a host failure.", remedy: .alert))
            }
        }

        // LOC-2
        if local.cluster != .off {
            let severity = local.cluster.severity
            if let vm {
                let clustered: Bool? = vm.hypervisor == .hyperv ? vm.clustered : vm.haEnabled.map { $0 && vm.clusterName != nil }
                let what = vm.hypervisor == .hyperv ? "a highly available role of a failover cluster" : "in a vSphere HA cluster"
                switch clustered {
                case true?:
                    out.append(.satisfied(.loc2, name, address, desired: "clustered", observed: vm.clusterName.map { "cluster \($0)" } ?? "clustered",
                                          .clustered(vm: ref.name, hyperV: vm.hypervisor == .hyperv)))
                case false?:
                    out.append(.violated(.loc2, severity, name, address, desired: "clustered", observed: "not clustered",
                                         "\(ref.name) is not \(what): a host failure stops telephony until someone starts the VM elsewhere. Make it a clustered role on a failover cluster of identical hosts.",
                                         remedy: .alert))
                case nil:
                    out.append(.unknown(.loc2, severity, name, address, desired: "clustered", "Whether \(ref.name) is \(what)",
                                        because: ProviderError(.unsupported, "the hypervisor did not report it", provider: ref.provider, resource: ref)))
                }
            } else {
                out.append(.violated(.loc2, severity, name, address, desired: "clustered", observed: "VM not found",
                                     "The live VM \(ref.name) was not found, so it is not a clustered role.", remedy: .alert))
            }
        }
        return out
    }
}

extension Requirement {
    /// The severity of a violated requirement: `required` critical, `preferred` a warning.
    var severity: Severity { self == .required ? .critical : .warning }
}
