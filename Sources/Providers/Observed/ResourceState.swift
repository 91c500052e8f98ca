/// The state of a present resource; one case per `ResourceKind`. In JSON the fields of the
/// state sit beside a `kind` key naming the case.
///
/// `indirect`: each state lives in its own heap box, so a `ResourceState` (and the
/// `Observation` holding it) is one pointer. A VM's state is hundreds of bytes with a
/// dozen strings; the estate's table and every rule's lookup used to copy all of it.
public indirect enum ResourceState: Sendable, Hashable {
    case vm(VMState)
    case starface(StarfaceSystemState)
    case backups(BackupListing)
    case replication(ReplicationState)
    case backupJob(BackupJobState)

    public var kind: ResourceKind {
        switch self {
        case .vm: return .vm
        case .starface: return .starface
        case .backups: return .backups
        case .replication: return .replication
        case .backupJob: return .backupJob
        }
    }

    public var vm: VMState? {
        if case .vm(let state) = self { return state }
        return nil
    }
}

extension ResourceState: Codable {
    private enum KindKey: String, CodingKey {
        case kind
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        let text = try container.decode(String.self, forKey: .kind)
        guard let kind = ResourceKind(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown resource kind \"\(text)\" (\(ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        switch kind {
        case .vm: self = .vm(try VMState(from: decoder))
        case .starface: self = .starface(try StarfaceSystemState(from: decoder))
        case .backups: self = .backups(try BackupListing(from: decoder))
        case .replication: self = .replication(try ReplicationState(from: decoder))
        case .backupJob: self = .backupJob(try BackupJobState(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        try container.encode(kind.rawValue, forKey: .kind)
        switch self {
        case .vm(let state): try state.encode(to: encoder)
        case .starface(let state): try state.encode(to: encoder)
        case .backups(let state): try state.encode(to: encoder)
        case .replication(let state): try state.encode(to: encoder)
        case .backupJob(let state): try state.encode(to: encoder)
        }
    }
}
