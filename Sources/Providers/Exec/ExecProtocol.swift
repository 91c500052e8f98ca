import Foundation

/// The JSON an exec provider program reads on standard input and writes on standard output
/// (docs/exec-protocol.md). Versioned by `version`: a program answering another version is
/// refused, never guessed at.
public enum ExecProtocol {
    /// The protocol this version of sfreconcile speaks.
    public static let version = "sfreconcile-exec/1"

    /// One request: observe some resources, or carry out one action.
    struct Request: Encodable {
        var `protocol` = ExecProtocol.version
        var provider: String
        var operation: String
        var refs: [Ref]?
        var action: Action?

        static func observe(_ refs: [ResourceRef], provider: String) -> Request {
            Request(provider: provider, operation: "observe", refs: refs.map(Ref.init))
        }

        static func perform(_ action: ProviderAction, provider: String) -> Request {
            Request(provider: provider, operation: "perform", action: Action(action))
        }
    }

    /// A resource to observe: its address and the address's parts.
    struct Ref: Encodable {
        var address: String
        var kind: String
        var name: String

        init(_ ref: ResourceRef) {
            address = ref.description
            kind = ref.kind.rawValue
            name = ref.name
        }
    }

    /// An action, flat: its kind, its target's address, and the parameters that kind has.
    struct Action: Encodable {
        var kind: String
        var target: String
        var name: String?
        var description: String?
        var snapshotID: String?
        var count: Int?
        var coresPerSocket: Int?
        var instance: String?
        var backupTarget: String?
        var seconds: Int?
        var replicaServer: String?

        enum CodingKeys: String, CodingKey {
            case kind, target, name, description, snapshotID = "snapshot_id", count, coresPerSocket = "cores_per_socket"
            case instance, backupTarget = "backup_target", seconds, replicaServer = "replica_server"
        }

        init(_ action: ProviderAction) {
            kind = action.kind.rawValue
            target = action.target.description
            switch action {
            case .createSnapshot(_, let name, let description):
                self.name = name
                self.description = description
            case .removeSnapshot(_, let id):
                snapshotID = id
            case .reconfigureCPU(_, let count, let cores):
                self.count = count
                coresPerSocket = cores
            case .triggerBackup(_, let instance, let target):
                self.instance = instance
                backupTarget = target
            case .startBackupJob:
                break
            case .setReplicationFrequency(_, let seconds):
                self.seconds = seconds
            case .enableReplication(_, let server, let seconds):
                replicaServer = server
                self.seconds = seconds
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(target, forKey: .target)
            try c.encodeIfPresent(name, forKey: .name)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeIfPresent(snapshotID, forKey: .snapshotID)
            try c.encodeIfPresent(count, forKey: .count)
            try c.encodeIfPresent(coresPerSocket, forKey: .coresPerSocket)
            try c.encodeIfPresent(instance, forKey: .instance)
            try c.encodeIfPresent(backupTarget, forKey: .backupTarget)
            try c.encodeIfPresent(seconds, forKey: .seconds)
            try c.encodeIfPresent(replicaServer, forKey: .replicaServer)
        }
    }

    /// The program's answer. Exactly one of `observations`, `outcome` or `error` is expected.
    struct Response: Decodable {
        var `protocol`: String?
        var observations: [String: ExecObservation]?
        var outcome: Outcome?
        var error: ErrorBody?
    }

    /// One observation: `present` with a `state` in the form of docs/observed-json.md,
    /// `absent`, or `unknown` with an `error`.
    struct ExecObservation: Decodable {
        var status: String
        var state: ResourceState?
        var error: ErrorBody?
    }

    struct Outcome: Decodable {
        var changed: Bool
        var message: String
    }

    /// An error the program reports: `code` is a `ProviderError.Kind` name.
    struct ErrorBody: Decodable {
        var code: String
        var message: String
        var advice: String?

        func providerError(provider: String, resource: ResourceRef?) -> ProviderError {
            let kind = ProviderError.Kind(rawValue: code) ?? .protocol
            let text = ProviderError.Kind(rawValue: code) == nil ? "\(message) (error code \"\(code)\")" : message
            return ProviderError(kind, text, advice: advice, provider: provider, resource: resource)
        }
    }
}
