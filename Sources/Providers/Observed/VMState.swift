import Foundation

/// Which hypervisor a VM runs on: `vsphere`, `hyperv`, or whatever an exec provider names
/// (`proxmox`, `kvm`, …).
public struct Hypervisor: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let vsphere = Hypervisor(rawValue: "vsphere")
    public static let hyperv = Hypervisor(rawValue: "hyperv")
}

/// A value of an enumeration defined by a hypervisor's API, kept as its text so a value
/// added by a newer API version passes through instead of failing the observation.
public protocol OpenEnumeration: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension OpenEnumeration {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// A VM's power state (vSphere `VirtualMachinePowerState`; Hyper-V `State` mapped onto it).
public struct PowerState: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let poweredOn = PowerState(rawValue: "poweredOn")
    public static let poweredOff = PowerState(rawValue: "poweredOff")
    public static let suspended = PowerState(rawValue: "suspended")
}

/// vSphere Fault Tolerance state of a VM (`VirtualMachineFaultToleranceState`), LOC-1.
public struct FaultToleranceState: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let notConfigured = FaultToleranceState(rawValue: "notConfigured")
    public static let disabled = FaultToleranceState(rawValue: "disabled")
    public static let enabled = FaultToleranceState(rawValue: "enabled")
    public static let needSecondary = FaultToleranceState(rawValue: "needSecondary")
    public static let starting = FaultToleranceState(rawValue: "starting")
    public static let running = FaultToleranceState(rawValue: "running")
}

/// CPU resource allocation of a VM (vSphere `ResourceAllocationInfo`).
public struct CPUAllocation: Sendable, Hashable, Codable {
    /// Guaranteed MHz.
    public var reservationMHz: Int?
    /// Upper bound in MHz; -1 means unlimited.
    public var limitMHz: Int?
    /// Share level: low, normal, high or custom.
    public var sharesLevel: String?
    /// Share count (meaningful for custom).
    public var shares: Int?

    public init(reservationMHz: Int? = nil, limitMHz: Int? = nil, sharesLevel: String? = nil, shares: Int? = nil) {
        self.reservationMHz = reservationMHz
        self.limitMHz = limitMHz
        self.sharesLevel = sharesLevel
        self.shares = shares
    }

    enum CodingKeys: String, CodingKey {
        case reservationMHz = "reservation_mhz", limitMHz = "limit_mhz", sharesLevel = "shares_level", shares
    }
}

/// One snapshot (vSphere) or checkpoint (Hyper-V) of a VM. The tree is kept flat: each
/// snapshot names its parent.
public struct VMSnapshot: Sendable, Hashable, Codable {
    /// The provider's id: the snapshot's managed object id on vSphere (`snapshot-42`), the
    /// checkpoint's GUID on Hyper-V. Actions name snapshots by it.
    public var id: String
    public var name: String
    public var description: String?
    /// When it was taken; nil only if the hypervisor did not say (never guessed).
    public var createTime: Date?
    /// The parent's `id`; nil for a root.
    public var parent: String?
    /// Hyper-V checkpoint type (`Standard`, `Production`, `Replica`, …). Replica-type
    /// checkpoints belong to Hyper-V Replica and are never deleted. Nil on vSphere.
    public var type: String?
    /// True for the snapshot the VM currently runs from.
    public var isCurrent: Bool?

    public init(id: String, name: String, description: String? = nil, createTime: Date?, parent: String? = nil,
                type: String? = nil, isCurrent: Bool? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.createTime = createTime
        self.parent = parent
        self.type = type
        self.isCurrent = isCurrent
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, createTime = "create_time", parent, type, isCurrent = "is_current"
    }
}

/// What a hypervisor reports about a VM: everything HWID-1, LOC-1/2, SNP-1 and GEO-3 look
/// at. A field left nil was not reported (not configured, or the API does not have it).
public struct VMState: Sendable, Hashable, Codable {
    public var hypervisor: Hypervisor
    /// The hypervisor's id: managed object id on vSphere (`vm-42`), VMId on Hyper-V.
    public var id: String?
    public var name: String
    /// BIOS UUID (vSphere `config.uuid`).
    public var uuid: String?
    /// vCenter instance UUID (vSphere `config.instanceUuid`).
    public var instanceUUID: String?
    public var powerState: PowerState?
    /// vCPU count (HWID-1).
    public var numCPU: Int?
    /// Cores per virtual socket (HWID-1).
    public var coresPerSocket: Int?
    public var cpuAllocation: CPUAllocation?
    /// The host the VM runs on.
    public var hostName: String?
    /// The host's CPU model, e.g. "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz" (HWID-1).
    public var cpuModel: String?
    /// The cluster's current EVC mode key, e.g. "intel-cascadelake"; nil when EVC is off
    /// or the host is not in a cluster (HWID-1).
    public var evcMode: String?
    /// The cluster the host belongs to.
    public var clusterName: String?
    /// vSphere HA turned on for that cluster (LOC-2 on vSphere).
    public var haEnabled: Bool?
    /// vSphere Fault Tolerance state (LOC-1).
    public var ftState: FaultToleranceState?
    /// Hyper-V: processor compatibility for migration, which changes the CPUID the guest
    /// sees and with it the licence hardware ID (HWID-1).
    public var compatibilityForMigration: Bool?
    /// Hyper-V: the VM is a highly available role of a failover cluster (LOC-2).
    public var clustered: Bool?
    /// Addresses the guest reports, primary first (GEO-3).
    public var ipAddresses: [String]
    /// Every snapshot or checkpoint, parents before children.
    public var snapshots: [VMSnapshot]
    /// Properties the hypervisor refused to read (path → fault, e.g. `NoPermission`); the
    /// fields they feed are nil for that reason, not because they are unset.
    public var unreadable: [String: String]?

    public init(hypervisor: Hypervisor, id: String? = nil, name: String) {
        self.hypervisor = hypervisor
        self.id = id
        self.name = name
        self.ipAddresses = []
        self.snapshots = []
    }

    enum CodingKeys: String, CodingKey {
        case hypervisor, id, name, uuid
        case instanceUUID = "instance_uuid", powerState = "power_state", numCPU = "num_cpu"
        case coresPerSocket = "cores_per_socket", cpuAllocation = "cpu_allocation", hostName = "host_name"
        case cpuModel = "cpu_model", evcMode = "evc_mode", clusterName = "cluster_name", haEnabled = "ha_enabled"
        case ftState = "ft_state", compatibilityForMigration = "compatibility_for_migration", clustered
        case ipAddresses = "ip_addresses", snapshots, unreadable
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hypervisor = try c.decode(Hypervisor.self, forKey: .hypervisor)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        uuid = try c.decodeIfPresent(String.self, forKey: .uuid)
        instanceUUID = try c.decodeIfPresent(String.self, forKey: .instanceUUID)
        powerState = try c.decodeIfPresent(PowerState.self, forKey: .powerState)
        numCPU = try c.decodeIfPresent(Int.self, forKey: .numCPU)
        coresPerSocket = try c.decodeIfPresent(Int.self, forKey: .coresPerSocket)
        cpuAllocation = try c.decodeIfPresent(CPUAllocation.self, forKey: .cpuAllocation)
        hostName = try c.decodeIfPresent(String.self, forKey: .hostName)
        cpuModel = try c.decodeIfPresent(String.self, forKey: .cpuModel)
        evcMode = try c.decodeIfPresent(String.self, forKey: .evcMode)
        clusterName = try c.decodeIfPresent(String.self, forKey: .clusterName)
        haEnabled = try c.decodeIfPresent(Bool.self, forKey: .haEnabled)
        ftState = try c.decodeIfPresent(FaultToleranceState.self, forKey: .ftState)
        compatibilityForMigration = try c.decodeIfPresent(Bool.self, forKey: .compatibilityForMigration)
        clustered = try c.decodeIfPresent(Bool.self, forKey: .clustered)
        // Lists may be left out of hand-written files: absent means empty.
        ipAddresses = try c.decodeIfPresent([String].self, forKey: .ipAddresses) ?? []
        snapshots = try c.decodeIfPresent([VMSnapshot].self, forKey: .snapshots) ?? []
        unreadable = try c.decodeIfPresent([String: String].self, forKey: .unreadable)
    }
}
