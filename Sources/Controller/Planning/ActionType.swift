import Spec

/// Every kind of change a plan can contain: the action kinds of `policy.actions`, and
/// the snapshot pair SNP-2 puts around a change to a STARFACE VM.
public enum ActionType: String, Sendable, Hashable, Codable, CaseIterable {
    case deleteSnapshot, triggerBackup, startBackupJob, updateVersion, enableReplication
    case setReplicationFrequency, reconfigureStandbyCpu, enableFaultTolerance, setBackupSchedule
    /// SNP-2: the snapshot taken before a change to a STARFACE VM.
    case createSnapshot
    /// SNP-2: removing that snapshot once the change succeeded.
    case removeSnapshot

    /// The kind whose approval class `policy.actions` sets; nil for the SNP-2 snapshot pair,
    /// which takes the approval of the change it guards.
    public var policyKind: ActionKind? {
        switch self {
        case .deleteSnapshot: return .deleteSnapshot
        case .triggerBackup: return .triggerBackup
        case .startBackupJob: return .startBackupJob
        case .updateVersion: return .updateVersion
        case .enableReplication: return .enableReplication
        case .setReplicationFrequency: return .setReplicationFrequency
        case .reconfigureStandbyCpu: return .reconfigureStandbyCpu
        case .enableFaultTolerance: return .enableFaultTolerance
        case .setBackupSchedule: return .setBackupSchedule
        case .createSnapshot, .removeSnapshot: return nil
        }
    }

    /// What the action does to its target, as Terraform lists it: consumers scan the list for
    /// what they fear (`delete`).
    public var operation: ActionOperation {
        switch self {
        case .deleteSnapshot, .removeSnapshot: return .delete
        case .triggerBackup, .startBackupJob, .enableReplication, .enableFaultTolerance, .createSnapshot: return .create
        case .updateVersion, .setReplicationFrequency, .reconfigureStandbyCpu, .setBackupSchedule: return .update
        }
    }
}

/// Terraform's vocabulary of what happens to a target.
public enum ActionOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case create, update, delete
}

/// What an action does to telephony while it runs.
public enum Impact: String, Sendable, Hashable, Codable, Comparable {
    /// Calls and redundancy are untouched.
    case none
    /// Calls go on, but with less redundancy or briefly reduced performance (a standby
    /// updating, disks consolidating).
    case degraded
    /// Calls drop: the live system restarts.
    case outage

    private var rank: Int {
        switch self {
        case .none: return 0
        case .degraded: return 1
        case .outage: return 2
        }
    }

    public static func < (lhs: Impact, rhs: Impact) -> Bool { lhs.rank < rhs.rank }
}

/// Which system an action changes, which decides its impact.
public enum ActionRole: String, Sendable, Hashable, Codable {
    /// The system serving calls.
    case live
    /// A standby, replica or other system that may take over.
    case redundancy
    /// A backup job, target or schedule.
    case backup
}

/// The impact and reversibility of each action type, in one table.
public struct ActionProfile: Sendable, Hashable {
    public var impact: Impact
    public var reversible: Bool
    /// Disruptive actions run only inside a maintenance window.
    public var disruptive: Bool { impact != .none }

    public static func of(_ type: ActionType, role: ActionRole) -> ActionProfile {
        switch type {
        // Removing a snapshot consolidates its delta into the disks, which can stun the VM.
        case .deleteSnapshot, .removeSnapshot: return ActionProfile(impact: .degraded, reversible: false)
        case .triggerBackup, .startBackupJob, .setBackupSchedule, .setReplicationFrequency:
            return ActionProfile(impact: .none, reversible: true)
        // STARFACE is never downgraded (VER-3), so an update cannot be taken back.
        case .updateVersion: return ActionProfile(impact: role == .live ? .outage : .degraded, reversible: false)
        // The initial full synchronisation loads storage and links.
        case .enableReplication: return ActionProfile(impact: .degraded, reversible: true)
        // Only a powered-off standby is reconfigured.
        case .reconfigureStandbyCpu: return ActionProfile(impact: .none, reversible: true)
        // Creating the secondary copies memory and disks while the VM runs.
        case .enableFaultTolerance: return ActionProfile(impact: .degraded, reversible: true)
        case .createSnapshot: return ActionProfile(impact: .none, reversible: true)
        }
    }
}
