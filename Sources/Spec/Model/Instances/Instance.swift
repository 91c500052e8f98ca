/// One STARFACE PBX and the redundancy it must have.
public struct Instance: SpecObject, Hashable {
    public var description: String?
    public var suspended = false
    public var live = LiveSystem()
    public var version = VersionRequirement()
    public var hardware: HardwareRequirement?
    public var local = LocalRedundancy()
    public var geo: [GeoReplica] = []
    public var platform: [PlatformStandby] = []
    public var backups = Backups()
    public var snapshots = SnapshotPolicy()
    public var objectives: Objectives?
    public var recovery = RecoveryEstimates()

    public init() {}

    public static let noun = "the instance"
    public static let summary = "One STARFACE PBX and the redundancy it must have."
    public static let fields: [SpecField<Instance>] = [
        .optional("description", \.description, "Free text shown in plans."),
        .defaulted("suspended", \.suspended, false, "Observe and report, but take no action."),
        .required("live", \.live, "The system serving calls now."),
        .defaulted("version", \.version, VersionRequirement(), "Version rule for redundancy systems (VER-1)."),
        .optional("hardware", \.hardware, "CPU configuration replicas and standbys must match (HWID-1)."),
        .defaulted("local", \.local, LocalRedundancy(), "Redundancy against a host failure (LOC-1/2)."),
        .defaulted("geo", \.geo, [], "Replicas at other sites (GEO-1..3)."),
        .defaulted("platform", \.platform, [], "Standby systems on other platforms (PLT-1)."),
        .defaulted("backups", \.backups, Backups(), "STARFACE and VM backups (BAK, VMB)."),
        .defaulted("snapshots", \.snapshots, SnapshotPolicy(), "Snapshot hygiene (SNP-1)."),
        .optional("objectives", \.objectives, "Overrides of the top-level objectives."),
        .defaulted("recovery", \.recovery, RecoveryEstimates(), "Estimates behind achieved RTOs."),
    ]
}
