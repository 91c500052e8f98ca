import Foundation
import Providers
import Spec

/// Reads one resource's observation straight from its parse tree: what the models'
/// `Codable` conformances read through `TreeDecoder`, field by field in one pass over each
/// object, without a `Decoder`'s existential containers (90 % of reading a large estate
/// went into those).
///
/// It accepts only what the `Codable` path accepts, and reads it to the same values;
/// anything it does not expect (an unknown status, a key written twice, a value of another
/// type, a provider's error report) makes it throw, and `EstateReader` reads that resource
/// through `TreeDecoder` instead, which then decides as before.
enum ObservationReader {
    /// Thrown for anything not read here; never shown to a user.
    struct NotRead: Error {}

    static func observation(_ node: JSONNode) throws(NotRead) -> Observation {
        let object = try object(node)
        var status: String?, state: JSONNode?
        for position in object.keys.indices {
            switch object.keys[position] {
            case "status": status = try assignOnce(status, string(object.values[position]))
            case "state": state = try assignOnce(state, object.values[position])
            default: continue
            }
        }
        switch status {
        case "present":
            guard let state else { throw NotRead() }
            return .present(try resourceState(state))
        case "absent":
            return .absent
        default:
            throw NotRead()   // "unknown" carries a ProviderError: rare, left to TreeDecoder
        }
    }

    static func resourceState(_ node: JSONNode) throws(NotRead) -> ResourceState {
        let object = try object(node)
        var kind: String?
        for position in object.keys.indices where object.keys[position] == "kind" {
            kind = try assignOnce(kind, string(object.values[position]))
        }
        switch kind.flatMap(ResourceKind.init(rawValue:)) {
        case .vm?: return .vm(try vm(object))
        case .starface?: return .starface(try starface(object))
        case .backups?: return .backups(try backups(object))
        case .replication?: return .replication(try replication(object))
        case .backupJob?: return .backupJob(try backupJob(object))
        case nil: throw NotRead()
        }
    }

    // MARK: The five states

    static func vm(_ object: JSONObject) throws(NotRead) -> VMState {
        var fields = FieldSet()
        var hypervisor: Hypervisor?, name: String?
        var state = VMState(hypervisor: .vsphere, name: "")
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "hypervisor": try fields.mark(0); hypervisor = Hypervisor(rawValue: try string(value))
            case "id": try fields.mark(1); state.id = try optional(value, string)
            case "name": try fields.mark(2); name = try string(value)
            case "uuid": try fields.mark(3); state.uuid = try optional(value, string)
            case "instance_uuid": try fields.mark(4); state.instanceUUID = try optional(value, string)
            case "power_state": try fields.mark(5); state.powerState = try optional(value, string).map(PowerState.init(rawValue:))
            case "num_cpu": try fields.mark(6); state.numCPU = try optional(value, int)
            case "cores_per_socket": try fields.mark(7); state.coresPerSocket = try optional(value, int)
            case "cpu_allocation": try fields.mark(8); state.cpuAllocation = try optional(value, cpuAllocation)
            case "host_name": try fields.mark(9); state.hostName = try optional(value, string)
            case "cpu_model": try fields.mark(10); state.cpuModel = try optional(value, string)
            case "evc_mode": try fields.mark(11); state.evcMode = try optional(value, string)
            case "cluster_name": try fields.mark(12); state.clusterName = try optional(value, string)
            case "ha_enabled": try fields.mark(13); state.haEnabled = try optional(value, bool)
            case "ft_state": try fields.mark(14); state.ftState = try optional(value, string).map(FaultToleranceState.init(rawValue:))
            case "compatibility_for_migration": try fields.mark(15); state.compatibilityForMigration = try optional(value, bool)
            case "clustered": try fields.mark(16); state.clustered = try optional(value, bool)
            case "ip_addresses": try fields.mark(17); state.ipAddresses = try optional(value) { (node) throws(NotRead) in try array(node, string) } ?? []
            case "snapshots": try fields.mark(18); state.snapshots = try optional(value) { (node) throws(NotRead) in try array(node, snapshot) } ?? []
            case "unreadable": try fields.mark(19); state.unreadable = try optional(value, stringMap)
            default: continue
            }
        }
        guard let hypervisor, let name else { throw NotRead() }
        state.hypervisor = hypervisor
        state.name = name
        return state
    }

    static func starface(_ object: JSONObject) throws(NotRead) -> StarfaceSystemState {
        var fields = FieldSet()
        var reachable: Bool?
        var state = StarfaceSystemState(reachable: false)
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "reachable": try fields.mark(0); reachable = try bool(value)
            case "version": try fields.mark(1); state.version = try optional(value, version)
            case "platform": try fields.mark(2); state.platform = try optional(value, platform)
            case "licence": try fields.mark(3); state.licence = try optional(value, licence)
            case "backup_schedule": try fields.mark(4); state.backupSchedule = try optional(value, backupSchedule)
            case "unreadable": try fields.mark(5); state.unreadable = try optional(value, stringMap)
            default: continue
            }
        }
        guard let reachable else { throw NotRead() }
        state.reachable = reachable
        return state
    }

    static func backups(_ object: JSONObject) throws(NotRead) -> BackupListing {
        var fields = FieldSet()
        var location: String?, files: [BackupFile]?
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "location": try fields.mark(0); location = try string(value)
            case "files": try fields.mark(1); files = try array(value, backupFile)
            default: continue
            }
        }
        guard let location, let files else { throw NotRead() }
        return BackupListing(location: location, files: files)
    }

    static func replication(_ object: JSONObject) throws(NotRead) -> ReplicationState {
        var fields = FieldSet()
        var mechanism: ReplicationMechanism?, stateWord: String?
        var state = ReplicationState(mechanism: .srm, state: "")
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "mechanism": try fields.mark(0); mechanism = ReplicationMechanism(rawValue: try string(value))
            case "state": try fields.mark(1); stateWord = try string(value)
            case "health": try fields.mark(2); state.health = try optional(value, string).map(ReplicationHealth.init(rawValue:))
            case "rpo_seconds": try fields.mark(3); state.rpo = try optional(value, seconds)
            case "last_replication": try fields.mark(4); state.lastReplication = try optional(value, date)
            case "primary_server": try fields.mark(5); state.primaryServer = try optional(value, string)
            case "replica_server": try fields.mark(6); state.replicaServer = try optional(value, string)
            case "protection_group": try fields.mark(7); state.protectionGroup = try optional(value, string)
            case "recovery_plan": try fields.mark(8); state.recoveryPlan = try optional(value, string)
            case "recovery_plan_state": try fields.mark(9); state.recoveryPlanState = try optional(value, string)
            case "replica_vm": try fields.mark(10); state.replicaVM = try optional(value, string)
            case "ip_customization": try fields.mark(11); state.ipCustomization = try optional(value, bool)
            default: continue
            }
        }
        guard let mechanism, let stateWord else { throw NotRead() }
        state.mechanism = mechanism
        state.state = stateWord
        return state
    }

    static func backupJob(_ object: JSONObject) throws(NotRead) -> BackupJobState {
        var fields = FieldSet()
        var name: String?
        var state = BackupJobState(name: "")
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "name": try fields.mark(0); name = try string(value)
            case "id": try fields.mark(1); state.id = try optional(value, string)
            case "mode": try fields.mark(2); state.mode = try optional(value, string).map(BackupJobMode.init(rawValue:))
            case "enabled": try fields.mark(3); state.enabled = try optional(value, bool)
            case "last_run": try fields.mark(4); state.lastRun = try optional(value, date)
            case "last_result": try fields.mark(5); state.lastResult = try optional(value, string).map(BackupJobResult.init(rawValue:))
            case "last_success": try fields.mark(6); state.lastSuccess = try optional(value, date)
            case "next_run": try fields.mark(7); state.nextRun = try optional(value, date)
            case "interval_seconds": try fields.mark(8); state.interval = try optional(value, seconds)
            case "vms": try fields.mark(9); state.vms = try optional(value) { (node) throws(NotRead) in try array(node, string) } ?? []
            default: continue
            }
        }
        guard let name else { throw NotRead() }
        state.name = name
        return state
    }

    // MARK: Nested values

    static func cpuAllocation(_ node: JSONNode) throws(NotRead) -> CPUAllocation {
        let object = try object(node)
        var fields = FieldSet()
        var allocation = CPUAllocation()
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "reservation_mhz": try fields.mark(0); allocation.reservationMHz = try optional(value, int)
            case "limit_mhz": try fields.mark(1); allocation.limitMHz = try optional(value, int)
            case "shares_level": try fields.mark(2); allocation.sharesLevel = try optional(value, string)
            case "shares": try fields.mark(3); allocation.shares = try optional(value, int)
            default: continue
            }
        }
        return allocation
    }

    static func snapshot(_ node: JSONNode) throws(NotRead) -> VMSnapshot {
        let object = try object(node)
        var fields = FieldSet()
        var id: String?, name: String?
        var snapshot = VMSnapshot(id: "", name: "", createTime: nil)
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "id": try fields.mark(0); id = try string(value)
            case "name": try fields.mark(1); name = try string(value)
            case "description": try fields.mark(2); snapshot.description = try optional(value, string)
            case "create_time": try fields.mark(3); snapshot.createTime = try optional(value, date)
            case "parent": try fields.mark(4); snapshot.parent = try optional(value, string)
            case "type": try fields.mark(5); snapshot.type = try optional(value, string)
            case "is_current": try fields.mark(6); snapshot.isCurrent = try optional(value, bool)
            default: continue
            }
        }
        guard let id, let name else { throw NotRead() }
        snapshot.id = id
        snapshot.name = name
        return snapshot
    }

    static func licence(_ node: JSONNode) throws(NotRead) -> StarfaceLicence {
        let object = try object(node)
        var fields = FieldSet()
        var licence = StarfaceLicence()
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "server_licence": try fields.mark(0); licence.serverLicence = try optional(value, bool)
            case "platform": try fields.mark(1); licence.platform = try optional(value, platform)
            case "hardware_id": try fields.mark(2); licence.hardwareID = try optional(value, string)
            case "valid_until": try fields.mark(3); licence.validUntil = try optional(value, date)
            default: continue
            }
        }
        return licence
    }

    static func backupSchedule(_ node: JSONNode) throws(NotRead) -> StarfaceBackupSchedule {
        let object = try object(node)
        var fields = FieldSet()
        var enabled: Bool?, interval: TimeSpan?
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "enabled": try fields.mark(0); enabled = try bool(value)
            case "interval_seconds": try fields.mark(1); interval = try optional(value, seconds)
            default: continue
            }
        }
        guard let enabled else { throw NotRead() }
        return StarfaceBackupSchedule(enabled: enabled, interval: interval)
    }

    static func backupFile(_ node: JSONNode) throws(NotRead) -> BackupFile {
        let object = try object(node)
        var fields = FieldSet()
        var name: String?, modified: Date?, size: Int?
        for (key, value) in zip(object.keys, object.values) {
            switch key {
            case "name": try fields.mark(0); name = try string(value)
            case "modified": try fields.mark(1); modified = try date(value)
            case "size": try fields.mark(2); size = try int(value)
            default: continue
            }
        }
        guard let name, let modified, let size else { throw NotRead() }
        return BackupFile(name: name, modified: modified, size: size)
    }

    // MARK: Scalars, as TreeDecoder reads them

    static func object(_ node: JSONNode) throws(NotRead) -> JSONObject {
        guard case .object(let object) = node else { throw NotRead() }
        return object
    }

    static func string(_ node: JSONNode) throws(NotRead) -> String {
        guard case .string(let text) = node else { throw NotRead() }
        return text
    }

    static func int(_ node: JSONNode) throws(NotRead) -> Int {
        switch node {
        case .int(let value): return value
        case .double(let value): return try Int(exactly: value).orNotRead()
        default: throw NotRead()
        }
    }

    static func bool(_ node: JSONNode) throws(NotRead) -> Bool {
        guard case .bool(let value) = node else { throw NotRead() }
        return value
    }

    static func date(_ node: JSONNode) throws(NotRead) -> Date {
        try Timestamp.parse(string(node)).orNotRead()
    }

    /// Whole seconds, never negative (`decodeSeconds`).
    static func seconds(_ node: JSONNode) throws(NotRead) -> TimeSpan {
        let seconds = try int(node)
        guard seconds >= 0 else { throw NotRead() }
        return TimeSpan(seconds: seconds)
    }

    static func version(_ node: JSONNode) throws(NotRead) -> StarfaceVersion {
        try StarfaceVersion(parsing: string(node)).orNotRead()
    }

    static func platform(_ node: JSONNode) throws(NotRead) -> Platform {
        try Platform(rawValue: string(node)).orNotRead()
    }

    static func array<T>(_ node: JSONNode, _ element: (JSONNode) throws(NotRead) -> T) throws(NotRead) -> [T] {
        guard case .array(let items) = node else { throw NotRead() }
        var values: [T] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try element(item)) }
        return values
    }

    /// An object of strings, its keys distinct.
    static func stringMap(_ node: JSONNode) throws(NotRead) -> [String: String] {
        let object = try object(node)
        var map = [String: String](minimumCapacity: object.keys.count)
        for (key, value) in zip(object.keys, object.values) {
            guard map.updateValue(try string(value), forKey: key) == nil else { throw NotRead() }
        }
        return map
    }

    /// `decodeIfPresent`: a missing key never gets here; `null` is absent.
    static func optional<T>(_ node: JSONNode, _ read: (JSONNode) throws(NotRead) -> T) throws(NotRead) -> T? {
        if case .null = node { return nil }
        return try read(node)
    }

    private static func assignOnce<T>(_ current: T?, _ new: T) throws(NotRead) -> T {
        guard current == nil else { throw NotRead() }
        return new
    }
}

/// The known keys met in one object, each once (a key given twice is left to
/// `TreeDecoder`, whose choice of the first or last one depends on the object's size).
/// Other keys are ignored, as `Codable` ignores them.
private struct FieldSet {
    private var seen: UInt32 = 0

    mutating func mark(_ field: Int) throws(ObservationReader.NotRead) {
        let bit: UInt32 = 1 << UInt32(field)
        guard seen & bit == 0 else { throw ObservationReader.NotRead() }
        seen |= bit
    }
}

private extension Optional {
    func orNotRead() throws(ObservationReader.NotRead) -> Wrapped {
        guard let self else { throw ObservationReader.NotRead() }
        return self
    }
}
