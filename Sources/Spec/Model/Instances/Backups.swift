/// STARFACE's own backups (.sar files) and where they land (BAK-1..3).
public struct StarfaceBackup: SpecObject, Hashable {
    public var target = ""
    public var prefix = ""
    public var interval = TimeSpan.hours(24)

    public init() {}

    public static let noun = "the STARFACE backup"
    public static let summary = "STARFACE backups (.sar) and their target (BAK-1..3)."
    public static let fields: [SpecField<StarfaceBackup>] = [
        .required("target", \.target, "A backup target provider (s3, sftp, webdav, directory)."),
        .defaulted("prefix", \.prefix, "", "Folder or key prefix of this instance's backups on the target."),
        .required("interval", \.interval, "Backup interval; the schedule on the PBX must be at least this frequent (BAK-3)."),
    ]
}

/// Which VM backup modes are acceptable (VMB-2).
public enum VMBackupMode: String, SpecEnum, Codable {
    /// Reverse-incremental: slower to write, much faster to restore.
    case reverseIncremental
    /// Any mode.
    case any
}

/// Hypervisor-level backups of the live VM (VMB-1, VMB-2).
public struct VMBackup: SpecObject, Hashable {
    public var provider = ""
    public var job = ""
    public var interval = TimeSpan.hours(24)
    public var grace = TimeSpan.hours(2)
    public var mode = VMBackupMode.reverseIncremental

    public init() {}

    public static let noun = "the VM backup"
    public static let summary = "A VM backup job covering the live VM (VMB-1, VMB-2)."
    public static let fields: [SpecField<VMBackup>] = [
        .required("provider", \.provider, "A veeam provider."),
        .required("job", \.job, "The backup job's name."),
        .required("interval", \.interval, "How often the job must run."),
        .defaulted("grace", \.grace, .hours(2), "Extra time allowed past the interval before the last run counts as late."),
        .defaulted("mode", \.mode, .reverseIncremental, "Required backup mode."),
    ]
}

/// Every kind of backup an instance must have.
public struct Backups: SpecObject, Hashable {
    public var starface: StarfaceBackup?
    public var vm: VMBackup?

    public init() {}

    public static let noun = "the backups"
    public static let summary = "STARFACE and VM backups."
    public static let fields: [SpecField<Backups>] = [
        .optional("starface", \.starface, "STARFACE's own backups (BAK-1..3)."),
        .optional("vm", \.vm, "VM backups on the hypervisor (VMB-1, VMB-2)."),
    ]
}

/// What to do with a snapshot older than `maxAge` (SNP-1).
public enum StaleSnapshotAction: String, SpecEnum, Codable {
    case delete
    case alert
}

/// Snapshot hygiene on STARFACE VMs (SNP-1).
public struct SnapshotPolicy: SpecObject, Hashable {
    public var maxAge = TimeSpan.hours(72)
    public var onStale = StaleSnapshotAction.delete
    public var protect: [String] = []

    public init() {}

    public static let noun = "the snapshot policy"
    public static let summary = "How old a snapshot on a STARFACE VM may get (SNP-1)."
    public static let fields: [SpecField<SnapshotPolicy>] = [
        .defaulted("maxAge", \.maxAge, .hours(72), "Oldest a snapshot may be."),
        .defaulted("onStale", \.onStale, .delete, "delete (consolidate) or only alert."),
        .defaulted("protect", \.protect, [], "Snapshot name patterns never deleted (* and ? wildcards)."),
    ]
}

/// Time estimates used to compute achieved RTOs in failure scenarios (OBJ-1).
public struct RecoveryEstimates: SpecObject, Hashable {
    public var vmBoot = TimeSpan.minutes(3)
    public var failover = TimeSpan.minutes(2)
    public var routingConvergence = TimeSpan.seconds(30)
    public var backupImport = TimeSpan.minutes(15)

    public init() {}

    public static let noun = "the recovery estimates"
    public static let summary = "Time estimates behind the achieved RTO of each failure scenario."
    public static let fields: [SpecField<RecoveryEstimates>] = [
        .defaulted("vmBoot", \.vmBoot, .minutes(3), "Boot time of the STARFACE VM after an HA restart."),
        .defaulted("failover", \.failover, .minutes(2), "Time to fail over to a geo replica."),
        .defaulted("routingConvergence", \.routingConvergence, .seconds(30), "Time for IP routing to converge after a site failover."),
        .defaulted("backupImport", \.backupImport, .minutes(15), "Time to import a STARFACE backup on a standby."),
    ]
}
