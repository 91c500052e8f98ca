import Providers
import Spec

/// What the applier does with a planned action, given a fresh observation of what it
/// changes.
public enum ActionStep: Sendable, Hashable {
    /// The goal does not hold: ask the provider for this.
    case perform(ProviderAction)
    /// The goal already holds; nothing is asked of the provider.
    case satisfied(String)
    /// The target could not be observed, so nobody can tell; the action is not tried.
    case cannotTell(ProviderError)
    /// No provider action exists for this kind, or the plan's parameters are unusable.
    case unsupported(String)
}

/// The one place that turns a `PlannedAction` (the planner's words) into a `ProviderAction`
/// (a provider's), and that says when an action's goal already holds. The applier decides;
/// providers only carry out. A new provider action (Hyper-V checkpoints, replication) gets
/// a case here and nowhere else.
public enum ActionMapping {
    /// The resource observed before and after the action: the VM of a snapshot, the VM to
    /// reconfigure, the STARFACE to back up, the backup job. Nil when the target address
    /// cannot be read.
    public static func subject(of action: PlannedAction) -> ResourceRef? {
        let address = action.target.components(separatedBy: "#snapshot:").first ?? action.target
        return ResourceRef(parsing: address)
    }

    /// Whether the goal of `type` shows in an observation. An action of a type that does
    /// not (a trigger: one more backup looks like the last) and was started before a crash
    /// is never repeated automatically: it becomes `unconfirmed`.
    public static func goalIsObservable(_ type: ActionType) -> Bool {
        switch type {
        case .triggerBackup, .startBackupJob: return false
        default: return true
        }
    }

    /// The step for `action`, its subject observed as `observation`.
    public static func step(for action: PlannedAction, observed observation: Observation) -> ActionStep {
        guard let subject = subject(of: action) else { return .unsupported("the target \(action.target) is not a resource address") }
        let vm: VMState?
        var replication: ReplicationState?
        switch observation {
        case .unknown(let error): return .cannotTell(error)
        case .absent:
            switch action.type {
            case .deleteSnapshot, .removeSnapshot: return .satisfied("\(subject) no longer exists, nor its snapshots")
            case .enableReplication: vm = nil
            default: return .cannotTell(ProviderError(.notFound, "\(subject) does not exist", provider: subject.provider, resource: subject))
            }
        case .present(let state):
            vm = state.vm
            if case .replication(let seen) = state { replication = seen }
        }
        switch action.type {
        case .deleteSnapshot:
            guard let vm, let id = parameter("snapshot", of: action) else { return .unsupported("deleteSnapshot needs a VM and a snapshot id") }
            guard let snapshot = vm.snapshots.first(where: { $0.id == id }) else { return .satisfied("snapshot \(id) is gone") }
            return .perform(.removeSnapshot(vm: subject, snapshotID: snapshot.id))
        case .createSnapshot:
            guard let vm, let name = snapshotName(of: action) else { return .unsupported("createSnapshot needs a VM and a name") }
            if vm.snapshots.contains(where: { $0.name == name }) { return .satisfied("snapshot \"\(name)\" exists") }
            let change = parameter("for", of: action) ?? "a change"
            return .perform(.createSnapshot(vm: subject, name: name, description: "SNP-2: taken by sfreconcile before \(change)"))
        case .removeSnapshot:
            guard let vm, let name = snapshotName(of: action) else { return .unsupported("removeSnapshot needs a VM and a name") }
            // Oldest first: one removal per attempt; a second one of the same name (never
            // made by sfreconcile) is left for SNP-1 to report.
            guard let snapshot = vm.snapshots.first(where: { $0.name == name }) else { return .satisfied("snapshot \"\(name)\" is gone") }
            return .perform(.removeSnapshot(vm: subject, snapshotID: snapshot.id))
        case .reconfigureStandbyCpu:
            guard let vm, let count = parameter("vcpus", of: action).flatMap(Int.init),
                  let cores = parameter("coresPerSocket", of: action).flatMap(Int.init) else {
                return .unsupported("reconfigureStandbyCpu needs a VM, vcpus and coresPerSocket")
            }
            if vm.numCPU == count && vm.coresPerSocket == cores { return .satisfied("\(vm.name) has \(count) vCPUs, \(cores) per socket") }
            return .perform(.reconfigureCPU(vm: subject, count: count, coresPerSocket: cores))
        case .triggerBackup:
            let target = parameter("target", of: action).flatMap(ResourceRef.init(parsing:))?.provider
            return .perform(.triggerBackup(starface: subject, instance: action.instance, target: target))
        case .startBackupJob:
            return .perform(.startBackupJob(job: subject))
        case .setReplicationFrequency:
            guard let replication, let wanted = parameter("rpo", of: action).flatMap(TimeSpan.init(parsing:)) else {
                return .unsupported("setReplicationFrequency needs an observed replication and an rpo")
            }
            guard let seconds = frequency(for: wanted, mechanism: replication.mechanism) else {
                return .unsupported("Hyper-V Replica offers no frequency within \(wanted) (30s, 5m, 15m); do it by hand: \(action.summary)")
            }
            if let configured = replication.rpo, configured.seconds <= wanted.seconds,
               replication.mechanism != .hypervReplica || frequencies.contains(configured.seconds) {
                return .satisfied("\(subject) replicates every \(configured)")
            }
            return .perform(.setReplicationFrequency(replication: subject, seconds: seconds))
        case .enableReplication:
            let seconds = parameter("rpo", of: action).flatMap(TimeSpan.init(parsing:))
                .flatMap { frequency(for: $0, mechanism: replication?.mechanism ?? .hypervReplica) }
            if let replication {
                switch ReplicationHealthCheck.assess(replication) {
                case .stopped: break
                default: return .satisfied("\(subject) is replicating (\(ReplicationHealthCheck.describe(replication)))")
                }
            }
            return .perform(.enableReplication(replication: subject, replicaServer: parameter("replicaServer", of: action), seconds: seconds))
        case .updateVersion, .enableFaultTolerance, .setBackupSchedule:
            return .unsupported("no provider of this version carries out \(action.type.rawValue); do it by hand: \(action.summary)")
        }
    }

    /// Replication frequencies Hyper-V Replica offers, in seconds.
    static let frequencies = GeoRules.hyperVFrequencies

    /// The replication interval to set for an RPO of `wanted`: for Hyper-V Replica the
    /// longest offered frequency within it (nil when even 30 s is too long); otherwise the RPO.
    static func frequency(for wanted: TimeSpan, mechanism: ReplicationMechanism) -> Int? {
        guard mechanism == .hypervReplica else { return wanted.seconds }
        return frequencies.filter { $0 <= wanted.seconds }.max()
    }

    /// The name of an SNP-2 snapshot (`<vm>#snapshot:<name>`).
    static func snapshotName(of action: PlannedAction) -> String? {
        let parts = action.target.components(separatedBy: "#snapshot:")
        return parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil
    }

    static func parameter(_ name: String, of action: PlannedAction) -> String? {
        action.parameters.first { $0.name == name }?.value
    }
}
