/// A change a provider can make. The planner decides which actions to take; a provider
/// only carries them out.
public enum ProviderAction: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Take a snapshot of a VM (without memory, not quiesced), named so it can be found again.
    case createSnapshot(vm: ResourceRef, name: String, description: String)
    /// Delete one snapshot (by the id observed in `VMSnapshot.id`) and consolidate the disks.
    /// Children of the snapshot are kept.
    case removeSnapshot(vm: ResourceRef, snapshotID: String)
    /// Set the vCPU count and cores per socket of a powered-off VM (HWID-1).
    case reconfigureCPU(vm: ResourceRef, count: Int, coresPerSocket: Int)
    /// Start a STARFACE backup of the PBX `starface` (a `ResourceRef.starface` address) for
    /// `instance`, landing on the backup target `target` (BAK-1). STARFACE has no API for
    /// this: the provider runs the admin's `backupHook`, or refuses with what to do by hand.
    case triggerBackup(starface: ResourceRef, instance: String, target: String?)
    /// Start a VM backup job now (VMB-1). A job that is already running counts as started.
    case startBackupJob(job: ResourceRef)
    /// Set how often a VM replicates (GEO-2); `replication` is a `ResourceRef.replication`
    /// address. Hyper-V Replica accepts 30, 300 or 900 seconds.
    case setReplicationFrequency(replication: ResourceRef, seconds: Int)
    /// Turn on replication of a VM to `replicaServer` (Hyper-V Replica), or resume a
    /// suspended one (GEO-1). Replication that is already on counts as done.
    case enableReplication(replication: ResourceRef, replicaServer: String?, seconds: Int?)

    /// The kinds of action, for `ProviderCapabilities`.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case createSnapshot, removeSnapshot, reconfigureCPU, triggerBackup, startBackupJob
        case setReplicationFrequency, enableReplication

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind {
        switch self {
        case .createSnapshot: return .createSnapshot
        case .removeSnapshot: return .removeSnapshot
        case .reconfigureCPU: return .reconfigureCPU
        case .triggerBackup: return .triggerBackup
        case .startBackupJob: return .startBackupJob
        case .setReplicationFrequency: return .setReplicationFrequency
        case .enableReplication: return .enableReplication
        }
    }

    /// The resource the action changes.
    public var target: ResourceRef {
        switch self {
        case .createSnapshot(let vm, _, _), .removeSnapshot(let vm, _), .reconfigureCPU(let vm, _, _): return vm
        case .triggerBackup(let starface, _, _): return starface
        case .startBackupJob(let job): return job
        case .setReplicationFrequency(let replication, _), .enableReplication(let replication, _, _): return replication
        }
    }

    public var description: String {
        switch self {
        case .createSnapshot(let vm, let name, _): return "create snapshot \"\(name)\" of \(vm)"
        case .removeSnapshot(let vm, let id): return "remove snapshot \(id) of \(vm)"
        case .reconfigureCPU(let vm, let count, let cores): return "set \(vm) to \(count) vCPUs, \(cores) per socket"
        case .triggerBackup(let starface, let instance, let target):
            return "start a STARFACE backup of \(instance) on \(starface)" + (target.map { " (target \($0))" } ?? "")
        case .startBackupJob(let job): return "start backup job \(job)"
        case .setReplicationFrequency(let replication, let seconds): return "replicate \(replication) every \(seconds) s"
        case .enableReplication(let replication, let server, _):
            return "enable replication \(replication)" + (server.map { " to \($0)" } ?? "")
        }
    }
}

/// What `perform` did. An action whose effect was already in place reports `changed == false`
/// rather than an error, so re-running a plan is safe.
public struct ActionOutcome: Sendable, Hashable, Codable {
    /// False when nothing had to change.
    public var changed: Bool
    /// A sentence for the plan output and the journal.
    public var message: String

    public init(changed: Bool, message: String) {
        self.changed = changed
        self.message = message
    }

    public static func changed(_ message: String) -> ActionOutcome { ActionOutcome(changed: true, message: message) }
    public static func unchanged(_ message: String) -> ActionOutcome { ActionOutcome(changed: false, message: message) }
}
