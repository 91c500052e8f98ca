import Foundation
import Providers
import Spec

/// Reads one resource's observation straight from the document's bytes (`JSONCursor`):
/// what `ObservationReader` reads from a parse tree, to the same values, without building
/// the tree. It accepts only what that reader accepts; anything else (an unknown status, a
/// key written twice or with escapes, a value of another type, a provider's error report)
/// is a `Miss`, and `EstateReader` reads that resource through the tree instead.
enum ObservationCursorReader {
    typealias Miss = JSONCursor.Miss

    static func observation(_ cursor: inout JSONCursor) throws(Miss) -> Observation {
        var seen: UInt64 = 0
        var status: StatusWord?, state: ResourceState?
        try cursor.object { (cursor, key) throws(Miss) in
            switch try ObservationField.table.field(key, seen: &seen) {
            case .status?: status = StatusWord(rawValue: try cursor.string())
            case .state?: state = try resourceState(&cursor)
            case nil: try cursor.skipValue()
            }
        }
        switch status {
        case .present?:
            guard let state else { throw Miss() }
            return .present(state)
        case .absent?:
            return .absent
        case nil:
            throw Miss()   // "unknown" carries a ProviderError: rare, left to the tree
        }
    }

    /// A state: its `kind` first (wherever it is written), then the fields of that kind.
    static func resourceState(_ cursor: inout JSONCursor) throws(Miss) -> ResourceState {
        guard let kindName = try cursor.string(ofMember: "kind"), let kind = ResourceKind(rawValue: kindName) else { throw Miss() }
        switch kind {
        case .vm: return .vm(try vm(&cursor))
        case .starface: return .starface(try starface(&cursor))
        case .backups: return .backups(try backups(&cursor))
        case .replication: return .replication(try replication(&cursor))
        case .backupJob: return .backupJob(try backupJob(&cursor))
        }
    }

    // MARK: The five states

    static func vm(_ cursor: inout JSONCursor) throws(Miss) -> VMState {
        var seen: UInt64 = 0
        var hypervisor: Hypervisor?, name: String?
        var state = VMState(hypervisor: .vsphere, name: "")
        try cursor.object { (cursor, key) throws(Miss) in
            switch try VMField.table.field(key, seen: &seen) {
            case .kind?: _ = try cursor.string()
            case .hypervisor?: hypervisor = Hypervisor(rawValue: try cursor.string())
            case .id?: state.id = try optional(&cursor, string)
            case .name?: name = try cursor.string()
            case .uuid?: state.uuid = try optional(&cursor, string)
            case .instanceUUID?: state.instanceUUID = try optional(&cursor, string)
            case .powerState?: state.powerState = try optional(&cursor) { (c) throws(Miss) in PowerState(rawValue: try c.string()) }
            case .numCPU?: state.numCPU = try optional(&cursor, int)
            case .coresPerSocket?: state.coresPerSocket = try optional(&cursor, int)
            case .cpuAllocation?: state.cpuAllocation = try optional(&cursor, cpuAllocation)
            case .hostName?: state.hostName = try optional(&cursor, string)
            case .cpuModel?: state.cpuModel = try optional(&cursor, string)
            case .evcMode?: state.evcMode = try optional(&cursor, string)
            case .clusterName?: state.clusterName = try optional(&cursor, string)
            case .haEnabled?: state.haEnabled = try optional(&cursor, bool)
            case .ftState?: state.ftState = try optional(&cursor) { (c) throws(Miss) in FaultToleranceState(rawValue: try c.string()) }
            case .compatibilityForMigration?: state.compatibilityForMigration = try optional(&cursor, bool)
            case .clustered?: state.clustered = try optional(&cursor, bool)
            case .ipAddresses?: state.ipAddresses = try optional(&cursor) { (c) throws(Miss) in try c.array(string) } ?? []
            case .snapshots?: state.snapshots = try optional(&cursor) { (c) throws(Miss) in try c.array(snapshot) } ?? []
            case .unreadable?: state.unreadable = try optional(&cursor, stringMap)
            case nil: try cursor.skipValue()
            }
        }
        guard let hypervisor, let name else { throw Miss() }
        state.hypervisor = hypervisor
        state.name = name
        return state
    }

    static func starface(_ cursor: inout JSONCursor) throws(Miss) -> StarfaceSystemState {
        var seen: UInt64 = 0
        var reachable: Bool?
        var state = StarfaceSystemState(reachable: false)
        try cursor.object { (cursor, key) throws(Miss) in
            switch try StarfaceField.table.field(key, seen: &seen) {
            case .kind?: _ = try cursor.string()
            case .reachable?: reachable = try cursor.bool()
            case .version?: state.version = try optional(&cursor, version)
            case .platform?: state.platform = try optional(&cursor, platform)
            case .licence?: state.licence = try optional(&cursor, licence)
            case .backupSchedule?: state.backupSchedule = try optional(&cursor, backupSchedule)
            case .unreadable?: state.unreadable = try optional(&cursor, stringMap)
            case nil: try cursor.skipValue()
            }
        }
        guard let reachable else { throw Miss() }
        state.reachable = reachable
        return state
    }

    static func backups(_ cursor: inout JSONCursor) throws(Miss) -> BackupListing {
        var seen: UInt64 = 0
        var location: String?, files: [BackupFile]?
        try cursor.object { (cursor, key) throws(Miss) in
            switch try BackupsField.table.field(key, seen: &seen) {
            case .kind?: _ = try cursor.string()
            case .location?: location = try cursor.string()
            case .files?: files = try cursor.array(backupFile)
            case nil: try cursor.skipValue()
            }
        }
        guard let location, let files else { throw Miss() }
        return BackupListing(location: location, files: files)
    }

    static func replication(_ cursor: inout JSONCursor) throws(Miss) -> ReplicationState {
        var seen: UInt64 = 0
        var mechanism: ReplicationMechanism?, stateWord: String?
        var state = ReplicationState(mechanism: .srm, state: "")
        try cursor.object { (cursor, key) throws(Miss) in
            switch try ReplicationField.table.field(key, seen: &seen) {
            case .kind?: _ = try cursor.string()
            case .mechanism?: mechanism = ReplicationMechanism(rawValue: try cursor.string())
            case .state?: stateWord = try cursor.string()
            case .health?: state.health = try optional(&cursor) { (c) throws(Miss) in ReplicationHealth(rawValue: try c.string()) }
            case .rpo?: state.rpo = try optional(&cursor, seconds)
            case .lastReplication?: state.lastReplication = try optional(&cursor, date)
            case .primaryServer?: state.primaryServer = try optional(&cursor, string)
            case .replicaServer?: state.replicaServer = try optional(&cursor, string)
            case .protectionGroup?: state.protectionGroup = try optional(&cursor, string)
            case .recoveryPlan?: state.recoveryPlan = try optional(&cursor, string)
            case .recoveryPlanState?: state.recoveryPlanState = try optional(&cursor, string)
            case .replicaVM?: state.replicaVM = try optional(&cursor, string)
            case .ipCustomization?: state.ipCustomization = try optional(&cursor, bool)
            case nil: try cursor.skipValue()
            }
        }
        guard let mechanism, let stateWord else { throw Miss() }
        state.mechanism = mechanism
        state.state = stateWord
        return state
    }

    static func backupJob(_ cursor: inout JSONCursor) throws(Miss) -> BackupJobState {
        var seen: UInt64 = 0
        var name: String?
        var state = BackupJobState(name: "")
        try cursor.object { (cursor, key) throws(Miss) in
            switch try BackupJobField.table.field(key, seen: &seen) {
            case .kind?: _ = try cursor.string()
            case .name?: name = try cursor.string()
            case .id?: state.id = try optional(&cursor, string)
            case .mode?: state.mode = try optional(&cursor) { (c) throws(Miss) in BackupJobMode(rawValue: try c.string()) }
            case .enabled?: state.enabled = try optional(&cursor, bool)
            case .lastRun?: state.lastRun = try optional(&cursor, date)
            case .lastResult?: state.lastResult = try optional(&cursor) { (c) throws(Miss) in BackupJobResult(rawValue: try c.string()) }
            case .lastSuccess?: state.lastSuccess = try optional(&cursor, date)
            case .nextRun?: state.nextRun = try optional(&cursor, date)
            case .interval?: state.interval = try optional(&cursor, seconds)
            case .vms?: state.vms = try optional(&cursor) { (c) throws(Miss) in try c.array(string) } ?? []
            case nil: try cursor.skipValue()
            }
        }
        guard let name else { throw Miss() }
        state.name = name
        return state
    }

    // MARK: Nested values

    static func cpuAllocation(_ cursor: inout JSONCursor) throws(Miss) -> CPUAllocation {
        var seen: UInt64 = 0
        var allocation = CPUAllocation()
        try cursor.object { (cursor, key) throws(Miss) in
            switch try CPUAllocationField.table.field(key, seen: &seen) {
            case .reservationMHz?: allocation.reservationMHz = try optional(&cursor, int)
            case .limitMHz?: allocation.limitMHz = try optional(&cursor, int)
            case .sharesLevel?: allocation.sharesLevel = try optional(&cursor, string)
            case .shares?: allocation.shares = try optional(&cursor, int)
            case nil: try cursor.skipValue()
            }
        }
        return allocation
    }

    static func snapshot(_ cursor: inout JSONCursor) throws(Miss) -> VMSnapshot {
        var seen: UInt64 = 0
        var id: String?, name: String?
        var snapshot = VMSnapshot(id: "", name: "", createTime: nil)
        try cursor.object { (cursor, key) throws(Miss) in
            switch try SnapshotField.table.field(key, seen: &seen) {
            case .id?: id = try cursor.string()
            case .name?: name = try cursor.string()
            case .description?: snapshot.description = try optional(&cursor, string)
            case .createTime?: snapshot.createTime = try optional(&cursor, date)
            case .parent?: snapshot.parent = try optional(&cursor, string)
            case .type?: snapshot.type = try optional(&cursor, string)
            case .isCurrent?: snapshot.isCurrent = try optional(&cursor, bool)
            case nil: try cursor.skipValue()
            }
        }
        guard let id, let name else { throw Miss() }
        snapshot.id = id
        snapshot.name = name
        return snapshot
    }

    static func licence(_ cursor: inout JSONCursor) throws(Miss) -> StarfaceLicence {
        var seen: UInt64 = 0
        var licence = StarfaceLicence()
        try cursor.object { (cursor, key) throws(Miss) in
            switch try LicenceField.table.field(key, seen: &seen) {
            case .serverLicence?: licence.serverLicence = try optional(&cursor, bool)
            case .platform?: licence.platform = try optional(&cursor, platform)
            case .hardwareID?: licence.hardwareID = try optional(&cursor, string)
            case .validUntil?: licence.validUntil = try optional(&cursor, date)
            case nil: try cursor.skipValue()
            }
        }
        return licence
    }

    static func backupSchedule(_ cursor: inout JSONCursor) throws(Miss) -> StarfaceBackupSchedule {
        var seen: UInt64 = 0
        var enabled: Bool?, interval: TimeSpan?
        try cursor.object { (cursor, key) throws(Miss) in
            switch try BackupScheduleField.table.field(key, seen: &seen) {
            case .enabled?: enabled = try cursor.bool()
            case .interval?: interval = try optional(&cursor, seconds)
            case nil: try cursor.skipValue()
            }
        }
        guard let enabled else { throw Miss() }
        return StarfaceBackupSchedule(enabled: enabled, interval: interval)
    }

    static func backupFile(_ cursor: inout JSONCursor) throws(Miss) -> BackupFile {
        var seen: UInt64 = 0
        var name: String?, modified: Date?, size: Int?
        try cursor.object { (cursor, key) throws(Miss) in
            switch try BackupFileField.table.field(key, seen: &seen) {
            case .name?: name = try cursor.string()
            case .modified?: modified = try date(&cursor)
            case .size?: size = try cursor.int()
            case nil: try cursor.skipValue()
            }
        }
        guard let name, let modified, let size else { throw Miss() }
        return BackupFile(name: name, modified: modified, size: size)
    }

    // MARK: Scalars, as ObservationReader reads them

    /// A time as `Timestamp` reads it, parsed from the bytes when written without escapes.
    static func date(_ cursor: inout JSONCursor) throws(Miss) -> Date {
        let start = cursor.position
        if let raw = try? cursor.rawString(), let date = Timestamp.parse(utf8: raw) { return date }
        cursor.position = start
        guard let date = Timestamp.parse(try cursor.string()) else { throw Miss() }
        return date
    }

    /// Whole seconds, never negative.
    static func seconds(_ cursor: inout JSONCursor) throws(Miss) -> TimeSpan {
        let seconds = try cursor.int()
        guard seconds >= 0 else { throw Miss() }
        return TimeSpan(seconds: seconds)
    }

    static func version(_ cursor: inout JSONCursor) throws(Miss) -> StarfaceVersion {
        guard let version = StarfaceVersion(parsing: try cursor.string()) else { throw Miss() }
        return version
    }

    static func platform(_ cursor: inout JSONCursor) throws(Miss) -> Platform {
        guard let platform = Platform(rawValue: try cursor.string()) else { throw Miss() }
        return platform
    }

    /// An object of strings, its keys distinct.
    static func stringMap(_ cursor: inout JSONCursor) throws(Miss) -> [String: String] {
        var map: [String: String] = [:]
        try cursor.object { (cursor, key) throws(Miss) in
            guard map.updateValue(try cursor.string(), forKey: String(decoding: key, as: UTF8.self)) == nil else { throw Miss() }
        }
        return map
    }

    /// The plain values, as readers for `optional` and `array`.
    static func string(_ cursor: inout JSONCursor) throws(Miss) -> String { try cursor.string() }
    static func bool(_ cursor: inout JSONCursor) throws(Miss) -> Bool { try cursor.bool() }
    static func int(_ cursor: inout JSONCursor) throws(Miss) -> Int { try cursor.int() }

    /// `decodeIfPresent`: a missing key never gets here; `null` is absent.
    static func optional<T>(_ cursor: inout JSONCursor, _ read: (inout JSONCursor) throws(Miss) -> T) throws(Miss) -> T? {
        if cursor.null() { return nil }
        return try read(&cursor)
    }
}

// MARK: The keys of each object

private enum StatusWord: String {
    case present, absent
}

private enum ObservationField: String, JSONFields {
    case status, state
    static let table = FieldTable<Self>()
}

private enum VMField: String, JSONFields {
    case kind, hypervisor, id, name, uuid, instanceUUID = "instance_uuid", powerState = "power_state", numCPU = "num_cpu"
    case coresPerSocket = "cores_per_socket", cpuAllocation = "cpu_allocation", hostName = "host_name", cpuModel = "cpu_model"
    case evcMode = "evc_mode", clusterName = "cluster_name", haEnabled = "ha_enabled", ftState = "ft_state"
    case compatibilityForMigration = "compatibility_for_migration", clustered, ipAddresses = "ip_addresses", snapshots, unreadable
    static let table = FieldTable<Self>()
}

private enum StarfaceField: String, JSONFields {
    case kind, reachable, version, platform, licence, backupSchedule = "backup_schedule", unreadable
    static let table = FieldTable<Self>()
}

private enum BackupsField: String, JSONFields {
    case kind, location, files
    static let table = FieldTable<Self>()
}

private enum ReplicationField: String, JSONFields {
    case kind, mechanism, state, health, rpo = "rpo_seconds", lastReplication = "last_replication"
    case primaryServer = "primary_server", replicaServer = "replica_server", protectionGroup = "protection_group"
    case recoveryPlan = "recovery_plan", recoveryPlanState = "recovery_plan_state", replicaVM = "replica_vm"
    case ipCustomization = "ip_customization"
    static let table = FieldTable<Self>()
}

private enum BackupJobField: String, JSONFields {
    case kind, name, id, mode, enabled, lastRun = "last_run", lastResult = "last_result", lastSuccess = "last_success"
    case nextRun = "next_run", interval = "interval_seconds", vms
    static let table = FieldTable<Self>()
}

private enum CPUAllocationField: String, JSONFields {
    case reservationMHz = "reservation_mhz", limitMHz = "limit_mhz", sharesLevel = "shares_level", shares
    static let table = FieldTable<Self>()
}

private enum SnapshotField: String, JSONFields {
    case id, name, description, createTime = "create_time", parent, type, isCurrent = "is_current"
    static let table = FieldTable<Self>()
}

private enum LicenceField: String, JSONFields {
    case serverLicence = "server_licence", platform, hardwareID = "hardware_id", validUntil = "valid_until"
    static let table = FieldTable<Self>()
}

private enum BackupScheduleField: String, JSONFields {
    case enabled, interval = "interval_seconds"
    static let table = FieldTable<Self>()
}

private enum BackupFileField: String, JSONFields {
    case name, modified, size
    static let table = FieldTable<Self>()
}

extension ObservationCursorReader {
    /// The estate's `providers`, as their `Codable` reads them; a provider's error report,
    /// a name given twice or anything else unexpected is a `Miss` (the tree reads them all).
    static func providers(_ cursor: inout JSONCursor) throws(Miss) -> [String: ProviderStatus] {
        var providers: [String: ProviderStatus] = [:]
        try cursor.object { (cursor, name) throws(Miss) in
            let status = try providerStatus(&cursor)
            guard providers.updateValue(status, forKey: String(decoding: name, as: UTF8.self)) == nil else { throw Miss() }
        }
        return providers
    }

    static func providerStatus(_ cursor: inout JSONCursor) throws(Miss) -> ProviderStatus {
        var seen: UInt64 = 0
        var type: ProviderSettings.Kind?, state: ProviderStatus.State?, warnings: [String]?
        var resources: Int?, unknown: Int?, duration: Int?
        try cursor.object { (cursor, key) throws(Miss) in
            switch try ProviderStatusField.table.field(key, seen: &seen) {
            case .type?: type = ProviderSettings.Kind(rawValue: try cursor.string())
            case .state?: state = ProviderStatus.State(rawValue: try cursor.string())
            case .error?: guard cursor.null() else { throw Miss() }
            case .warnings?: warnings = try cursor.array(string)
            case .resources?: resources = try cursor.int()
            case .unknown?: unknown = try cursor.int()
            case .durationMS?: duration = try cursor.int()
            case nil: try cursor.skipValue()
            }
        }
        guard let type, let state, let warnings, let resources, let unknown, let duration else { throw Miss() }
        return ProviderStatus(type: type, state: state, warnings: warnings, resources: resources, unknown: unknown, durationMS: duration)
    }
}

private enum ProviderStatusField: String, JSONFields {
    case type, state, error, warnings, resources, unknown, durationMS = "duration_ms"
    static let table = FieldTable<Self>()
}
