/// How strictly a redundancy feature is wanted.
public enum Requirement: String, SpecEnum, Codable {
    /// Missing or broken is a critical finding.
    case required
    /// Missing or broken is a warning.
    case preferred
    /// Not checked.
    case off
}

/// Which STARFACE versions redundancy systems may run (VER-1).
public enum VersionPolicy: String, SpecEnum, Codable {
    /// The same version as the live system.
    case equal
    /// The live system's version or newer.
    case atLeast
}

/// VER-1 settings, and the version the instance should be brought to.
public struct VersionRequirement: SpecObject, Hashable {
    public var policy = VersionPolicy.equal
    /// The STARFACE version the instance should run. When the live system runs an older
    /// one, the plan updates every redundancy system first and the live system last
    /// (VER-1); it never downgrades and never updates the live system while a redundancy
    /// system cannot follow (VER-3). Nil: the live system's version is whatever is installed.
    public var target: StarfaceVersion?

    public init() {}

    public static let noun = "the version requirement"
    public static let summary = "Which STARFACE version redundancy systems must run (VER-1), and an optional update target."
    public static let fields: [SpecField<VersionRequirement>] = [
        .defaulted("policy", \.policy, .equal, "equal: same as live; atLeast: same or newer."),
        .optional("target", \.target, "Version to update to: redundancy systems first, then the live system (VER-1, VER-3)."),
    ]
}

/// The CPU configuration replicas and standby VMs must match, so the licence hardware ID
/// does not change on failover (HWID-1).
public struct HardwareRequirement: SpecObject, Hashable {
    public var vcpus: Int?
    public var coresPerSocket: Int?
    public var cpu = "matchLive"

    public init() {}

    public static let noun = "the hardware requirement"
    public static let summary = "CPU configuration every replica and standby VM must have (HWID-1)."
    public static let fields: [SpecField<HardwareRequirement>] = [
        .optional("vcpus", \.vcpus, "vCPU count; by default the live VM's."),
        .optional("coresPerSocket", \.coresPerSocket, "Cores per socket; by default the live VM's."),
        .defaulted("cpu", \.cpu, "matchLive", "CPU type (EVC mode or model); matchLive takes the live VM's."),
    ]
}

/// Local redundancy against a host failure (LOC-1, LOC-2).
public struct LocalRedundancy: SpecObject, Hashable {
    public var faultTolerance = Requirement.off
    public var cluster = Requirement.off

    public init() {}

    public static let noun = "the local redundancy"
    public static let summary = "Redundancy against a host failure (LOC-1, LOC-2)."
    public static let fields: [SpecField<LocalRedundancy>] = [
        .defaulted("faultTolerance", \.faultTolerance, .off, "vSphere Fault Tolerance with a running secondary (LOC-1)."),
        .defaulted("cluster", \.cluster, .off, "A highly-available clustered role on a failover cluster (LOC-2, Hyper-V or vSphere HA)."),
    ]
}

/// How a replica's network is configured at failover (GEO-3).
public enum IPConfiguration: String, SpecEnum, Codable {
    /// Same addresses on a separate network: phones re-register at once.
    case identical
    /// The recovery plan changes addresses (GEO-3 then fails).
    case reip
}

/// What replicates the live VM to a geo site.
public struct ReplicationVia: SpecObject, Hashable {
    public var provider = ""
    public var protectionGroup: String?
    public var recoveryPlan: String?
    public var replicaServer: String?
    public var vm: String?

    public init() {}

    public static let noun = "the replication"
    public static let summary = "The mechanism replicating the live VM: SRM or Hyper-V Replica."
    public static let fields: [SpecField<ReplicationVia>] = [
        .required("provider", \.provider, "An srm or hyperv provider."),
        .optional("protectionGroup", \.protectionGroup, "SRM protection group holding the VM (required for srm)."),
        .optional("recoveryPlan", \.recoveryPlan, "SRM recovery plan to check (GEO-3)."),
        .optional("replicaServer", \.replicaServer, "Hyper-V Replica server at the geo site (required for hyperv)."),
        .optional("vm", \.vm, "Name of the replica VM, if it differs from the live VM's."),
    ]
}

/// A replica of the live VM at another site (GEO-1..3).
public struct GeoReplica: SpecObject, Hashable {
    public var site = ""
    public var via = ReplicationVia()
    public var rpo = TimeSpan.minutes(15)
    public var ipConfig = IPConfiguration.identical

    public init() {}

    public static let noun = "the geo replica"
    public static let summary = "A replica of the live VM at another site (GEO-1..3)."
    public static let fields: [SpecField<GeoReplica>] = [
        .required("site", \.site, "The site the replica runs at; not the live site."),
        .required("via", \.via, "What replicates the VM."),
        .required("rpo", \.rpo, "Replication RPO; Hyper-V allows 30s, 5m and 15m, SRM 5m to 24h."),
        .defaulted("ipConfig", \.ipConfig, .identical, "identical (GEO-3) or reip."),
    ]
}

/// A STARFACE on another platform, restored from a backup when the virtualisation
/// platform fails (PLT-1).
public struct PlatformStandby: SpecObject, Hashable {
    public var name = ""
    public var site = ""
    public var platform = Platform.appliance
    public var starface = ""
    public var restoreFrom: String?

    public init() {}

    public static let noun = "the platform standby"
    public static let summary = "A STARFACE on another platform that imports a backup if the platform fails (PLT-1)."
    public static let fields: [SpecField<PlatformStandby>] = [
        .required("name", \.name, "A name for this standby, unique within the instance."),
        .required("site", \.site, "The site it stands at."),
        .required("platform", \.platform, "appliance, cloud, or vm on another hypervisor."),
        .required("starface", \.starface, "The starface provider answering for it."),
        .optional("restoreFrom", \.restoreFrom, "The backup target it imports from; by default backups.starface.target."),
    ]
}
