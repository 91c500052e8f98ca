/// The kinds of resource a provider observes. Part of every `ResourceRef` address and of the
/// observed JSON, so the raw values are stable.
public enum ResourceKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A virtual machine (vSphere or Hyper-V), with its snapshots or checkpoints.
    case vm
    /// A STARFACE PBX: liveness, version, licence, backup schedule.
    case starface
    /// The STARFACE backup files under one prefix of a backup target.
    case backups
    /// The geo replication of a VM (SRM protection, Hyper-V Replica).
    case replication
    /// A VM backup job (Veeam).
    case backupJob = "backup-job"

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The address of one observed resource: `<provider>/<kind>/<name>`, e.g.
/// `vc-muc/vm/starface-pbx01` or `backups/backups/pbx/`.
///
/// Provider names cannot contain `/` (the spec allows letters, digits, `-` and `_`), so the
/// address splits unambiguously even when the name (a VM name, a key prefix) holds slashes.
/// Rules build the same address from the spec, and it is the key of
/// `ObservedEstate.resources` in JSON.
public struct ResourceRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The spec's name of the provider answering for the resource.
    public var provider: String
    public var kind: ResourceKind
    /// The resource's name as that provider knows it (a VM name, a job name, a key prefix).
    public var name: String

    public init(provider: String, kind: ResourceKind, name: String) {
        self.provider = provider
        self.kind = kind
        self.name = name
    }

    /// A VM named `name` on `provider`.
    public static func vm(_ name: String, on provider: String) -> ResourceRef {
        ResourceRef(provider: provider, kind: .vm, name: name)
    }

    /// The STARFACE PBX a `starface` provider answers for (one PBX per provider), named
    /// `system`: `pbx-live/starface/system`.
    public static func starface(_ provider: String) -> ResourceRef {
        ResourceRef(provider: provider, kind: .starface, name: "system")
    }

    /// The backups under `prefix` on a backup target.
    public static func backups(on target: String, prefix: String) -> ResourceRef {
        ResourceRef(provider: target, kind: .backups, name: prefix)
    }

    /// A VM backup job by name.
    public static func backupJob(_ job: String, on provider: String) -> ResourceRef {
        ResourceRef(provider: provider, kind: .backupJob, name: job)
    }

    /// The replication of the VM `vm` as seen by `provider` (SRM or Hyper-V).
    public static func replication(of vm: String, on provider: String) -> ResourceRef {
        ResourceRef(provider: provider, kind: .replication, name: vm)
    }

    /// Parses an address written by `description`; nil when it is not one.
    public init?(parsing address: String) {
        let parts = address.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let kind = ResourceKind(rawValue: String(parts[1])) else { return nil }
        self.init(provider: String(parts[0]), kind: kind, name: String(parts[2]))
    }

    /// The address, `<provider>/<kind>/<name>`.
    public var description: String { "\(provider)/\(kind.rawValue)/\(name)" }

    public static func < (lhs: ResourceRef, rhs: ResourceRef) -> Bool {
        (lhs.provider, lhs.kind, lhs.name) < (rhs.provider, rhs.kind, rhs.name)
    }
}

extension ResourceRef: Codable, CodingKeyRepresentable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ref = ResourceRef(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\"\(text)\" is not a resource address (provider/kind/name)"))
        }
        self = ref
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var codingKey: any CodingKey { AddressKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(parsing: codingKey.stringValue)
    }

    private struct AddressKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
