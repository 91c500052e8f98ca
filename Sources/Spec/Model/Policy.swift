/// What the controller may change on its own. Every kind of action it can take is
/// listed here with its approval class.
public enum ActionKind: String, SpecEnum, Codable {
    case deleteSnapshot, triggerBackup, startBackupJob, updateVersion, enableReplication
    case setReplicationFrequency, reconfigureStandbyCpu, enableFaultTolerance, setBackupSchedule
}

/// Whether an action of a kind runs by itself, waits for a person, or never runs.
public enum Approval: String, SpecEnum, Codable {
    /// Runs when planned (inside a maintenance window if it is disruptive).
    case auto
    /// Runs only after `sfreconcile approve` or an approved plan file.
    case approve
    /// Never runs; the finding raises an alert instead.
    case never
}

/// The approval class of every action kind.
public struct ActionPolicies: SpecObject, Hashable {
    public var deleteSnapshot = Approval.auto
    public var triggerBackup = Approval.auto
    public var startBackupJob = Approval.auto
    public var updateVersion = Approval.approve
    public var enableReplication = Approval.approve
    public var setReplicationFrequency = Approval.auto
    public var reconfigureStandbyCpu = Approval.approve
    public var enableFaultTolerance = Approval.approve
    public var setBackupSchedule = Approval.approve

    public init() {}

    /// The approval class for `kind`.
    public func approval(for kind: ActionKind) -> Approval {
        switch kind {
        case .deleteSnapshot: return deleteSnapshot
        case .triggerBackup: return triggerBackup
        case .startBackupJob: return startBackupJob
        case .updateVersion: return updateVersion
        case .enableReplication: return enableReplication
        case .setReplicationFrequency: return setReplicationFrequency
        case .reconfigureStandbyCpu: return reconfigureStandbyCpu
        case .enableFaultTolerance: return enableFaultTolerance
        case .setBackupSchedule: return setBackupSchedule
        }
    }

    private static let defaults = ActionPolicies()

    public static let summary = "Approval class (auto, approve, never) per action kind."
    public static let fields: [SpecField<ActionPolicies>] = [
        .defaulted("deleteSnapshot", \.deleteSnapshot, defaults.deleteSnapshot, "Delete (consolidate) a stale snapshot (SNP-1)."),
        .defaulted("triggerBackup", \.triggerBackup, defaults.triggerBackup, "Run a STARFACE backup through the configured hook (BAK-1)."),
        .defaulted("startBackupJob", \.startBackupJob, defaults.startBackupJob, "Start the VM backup job (VMB-1)."),
        .defaulted("updateVersion", \.updateVersion, defaults.updateVersion, "Update a redundancy system's STARFACE version (VER-1/2)."),
        .defaulted("enableReplication", \.enableReplication, defaults.enableReplication, "Create or enable a geo replica (GEO-1)."),
        .defaulted("setReplicationFrequency", \.setReplicationFrequency, defaults.setReplicationFrequency, "Change a replica's frequency (GEO-2)."),
        .defaulted("reconfigureStandbyCpu", \.reconfigureStandbyCpu, defaults.reconfigureStandbyCpu, "Change a powered-off standby VM's CPUs (HWID-1)."),
        .defaulted("enableFaultTolerance", \.enableFaultTolerance, defaults.enableFaultTolerance, "Turn on VMware Fault Tolerance (LOC-1)."),
        .defaulted("setBackupSchedule", \.setBackupSchedule, defaults.setBackupSchedule, "Set the STARFACE backup schedule (BAK-3)."),
    ]
}

/// A recurring time span in which disruptive actions may run.
public struct MaintenanceWindow: SpecObject, Hashable {
    public var days: [Weekday] = []
    public var from = WallClockTime(parsing: "00:00")!
    public var to = WallClockTime(parsing: "00:00")!
    public var timeZone = TimeZoneName("UTC")!

    public init() {}

    public static let summary = "A weekly time span in which disruptive actions may run; may cross midnight."
    public static let fields: [SpecField<MaintenanceWindow>] = [
        .required("days", \.days, "Days on which the window opens."),
        .required("from", \.from, "Opening time, HH:MM."),
        .required("to", \.to, "Closing time, HH:MM; earlier than from means the next day."),
        .defaulted("timeZone", \.timeZone, TimeZoneName("UTC")!, "IANA time zone of from and to."),
    ]
}

/// The controller's freedom to act.
public struct Policy: SpecObject, Hashable {
    public var actions = ActionPolicies()
    public var maintenanceWindows: [MaintenanceWindow] = []

    public init() {}

    public static let summary = "What the controller may do by itself, and when."
    public static let fields: [SpecField<Policy>] = [
        .defaulted("actions", \.actions, ActionPolicies(), "Approval class per action kind."),
        .defaulted("maintenanceWindows", \.maintenanceWindows, [], "When disruptive actions may run; none means never by themselves."),
    ]
}
