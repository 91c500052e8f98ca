import Foundation

/// The VirtualMachine properties one observation reads, and how they become a `VMState`.
enum VMProperties {
    /// Read for every VM in the inventory, to find the ones the spec names.
    static let identity = ["name"]

    /// Read for the VMs the spec names.
    static let details = [
        "name", "config.uuid", "config.instanceUuid", "config.hardware.numCPU", "config.hardware.numCoresPerSocket",
        "config.cpuAllocation", "config.ftInfo", "runtime.host", "runtime.powerState", "runtime.faultToleranceState",
        "guest.ipAddress", "guest.net", "snapshot",
    ]

    /// A VM as read, before its host and cluster are known.
    struct Record: Sendable {
        var ref: ManagedObjectReference
        var state: VMState
        var host: ManagedObjectReference?
        /// `config.ftInfo.role`: 1 for a Fault Tolerance primary, 2 and up for secondaries.
        var ftRole: Int?
        /// Properties the server refused to read, with the fault type.
        var missing: [String: String]
    }

    static func record(_ object: ObjectContent) -> Record? {
        guard let escaped = object["name"]?.text else { return nil }
        var state = VMState(hypervisor: .vsphere, id: object.obj.value, name: name(escaped))
        state.uuid = nonEmpty(object["config.uuid"]?.text)
        state.instanceUUID = nonEmpty(object["config.instanceUuid"]?.text)
        state.numCPU = object["config.hardware.numCPU"].flatMap { Int($0.text) }
        state.coresPerSocket = object["config.hardware.numCoresPerSocket"].flatMap { Int($0.text) }
        state.cpuAllocation = object["config.cpuAllocation"].map(cpuAllocation)
        state.powerState = nonEmpty(object["runtime.powerState"]?.text).map(PowerState.init(rawValue:))
        state.ftState = nonEmpty(object["runtime.faultToleranceState"]?.text).map(FaultToleranceState.init(rawValue:))
        state.ipAddresses = ipAddresses(primary: object["guest.ipAddress"]?.text, nics: object["guest.net"])
        state.snapshots = object["snapshot"].map(snapshots) ?? []
        state.unreadable = object.missing.isEmpty ? nil : object.missing
        return Record(ref: object.obj, state: state, host: ManagedObjectReference(object["runtime.host"]),
                      ftRole: object["config.ftInfo"]?.text("role").flatMap { Int($0) }, missing: object.missing)
    }

    /// A VM name as vSphere sends it, with `%2f`, `%5c` and `%25` standing for `/`, `\`
    /// and `%`, turned back into the name shown in the client (and written in the spec).
    static func name(_ escaped: String) -> String {
        guard escaped.contains("%") else { return escaped }
        var result = ""
        var rest = Substring(escaped)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let code = rest[percent...].prefix(3).lowercased()
            switch code {
            case "%2f": result += "/"
            case "%5c": result += "\\"
            case "%25": result += "%"
            default:
                result += "%"
                rest = rest[rest.index(after: percent)...]
                continue
            }
            rest = rest[rest.index(percent, offsetBy: 3)...]
        }
        return result + rest
    }

    /// `ResourceAllocationInfo`.
    static func cpuAllocation(_ value: XMLTreeElement) -> CPUAllocation {
        CPUAllocation(reservationMHz: value.text("reservation").flatMap { Int($0) },
                      limitMHz: value.text("limit").flatMap { Int($0) },
                      sharesLevel: nonEmpty(value["shares"]?.text("level")),
                      shares: value["shares"]?.text("shares").flatMap { Int($0) })
    }

    /// `guest.ipAddress` first, then every address of every NIC (`guest.net[].ipAddress`),
    /// each once.
    static func ipAddresses(primary: String?, nics: XMLTreeElement?) -> [String] {
        var addresses: [String] = []
        func add(_ address: String?) {
            guard let address = nonEmpty(address), !addresses.contains(address) else { return }
            addresses.append(address)
        }
        add(primary)
        for nic in nics?.children ?? [] {
            for address in nic.all("ipAddress") { add(address.text) }
        }
        return addresses
    }

    /// `VirtualMachineSnapshotInfo`: the tree flattened depth-first, parents first.
    static func snapshots(_ info: XMLTreeElement) -> [VMSnapshot] {
        let current = info.text("currentSnapshot")
        var list: [VMSnapshot] = []
        func walk(_ node: XMLTreeElement, parent: String?) {
            guard let id = nonEmpty(node.text("snapshot")) else { return }
            let created = node.text("createTime").flatMap(Timestamp.parse)
            list.append(VMSnapshot(id: id, name: node.text("name") ?? "", description: nonEmpty(node.text("description")),
                                   createTime: created, parent: parent, isCurrent: id == current))
            for child in node.all("childSnapshotList") { walk(child, parent: id) }
        }
        for root in info.all("rootSnapshotList") { walk(root, parent: nil) }
        return list
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

/// Host and cluster properties: the CPU type behind HWID-1.
enum HostProperties {
    static let host = ["name", "summary.hardware.cpuModel", "parent"]
    static let cluster = ["name", "summary", "configuration.dasConfig.enabled"]

    struct Host: Sendable {
        var name: String?
        var cpuModel: String?
        var parent: ManagedObjectReference?
    }

    struct Cluster: Sendable {
        var name: String?
        var evcMode: String?
        var haEnabled: Bool?
    }

    static func host(_ object: ObjectContent) -> Host {
        Host(name: object["name"]?.text, cpuModel: object["summary.hardware.cpuModel"]?.text,
             parent: ManagedObjectReference(object["parent"]))
    }

    static func cluster(_ object: ObjectContent) -> Cluster {
        let evc = object["summary"]?.text("currentEVCModeKey")
        return Cluster(name: object["name"]?.text, evcMode: evc?.isEmpty == false ? evc : nil,
                       haEnabled: object["configuration.dasConfig.enabled"].map { $0.text == "true" })
    }
}
