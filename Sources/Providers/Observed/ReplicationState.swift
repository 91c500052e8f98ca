import Foundation
import Spec

/// How a VM is replicated to another site: `srm`, `hyperv-replica`, or whatever an exec
/// provider names (`pvesr`, …).
public struct ReplicationMechanism: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// VMware Site Recovery Manager protection (vSphere Replication or array based).
    public static let srm = ReplicationMechanism(rawValue: "srm")
    /// Hyper-V Replica.
    public static let hypervReplica = ReplicationMechanism(rawValue: "hyperv-replica")
}

/// Health of a replication as its system reports it.
public struct ReplicationHealth: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let normal = ReplicationHealth(rawValue: "normal")
    public static let warning = ReplicationHealth(rawValue: "warning")
    public static let critical = ReplicationHealth(rawValue: "critical")
}

/// The geo replication of one VM (GEO-1..3). Filled by the SRM and Hyper-V providers, or
/// an exec provider.
public struct ReplicationState: Sendable, Hashable, Codable {
    public var mechanism: ReplicationMechanism
    /// The system's own state word (`Replicating`, `READY_STATE`, …).
    public var state: String
    public var health: ReplicationHealth?
    /// Configured RPO (SRM) or replication frequency (Hyper-V: 30 s, 5 min or 15 min).
    public var rpo: TimeSpan?
    /// End of the last successful replication cycle.
    public var lastReplication: Date?
    public var primaryServer: String?
    /// Hyper-V: the replica server.
    public var replicaServer: String?
    /// SRM: the protection group holding the VM.
    public var protectionGroup: String?
    /// SRM: the recovery plan covering it, and that plan's state.
    public var recoveryPlan: String?
    public var recoveryPlanState: String?
    /// The name of the replica VM at the recovery site.
    public var replicaVM: String?
    /// True when failover changes the VM's IP configuration (re-IP, GEO-3); false when the
    /// replica starts with identical addresses.
    public var ipCustomization: Bool?

    public init(mechanism: ReplicationMechanism, state: String) {
        self.mechanism = mechanism
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case mechanism, state, health, rpo = "rpo_seconds", lastReplication = "last_replication"
        case primaryServer = "primary_server", replicaServer = "replica_server", protectionGroup = "protection_group"
        case recoveryPlan = "recovery_plan", recoveryPlanState = "recovery_plan_state", replicaVM = "replica_vm"
        case ipCustomization = "ip_customization"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mechanism = try c.decode(ReplicationMechanism.self, forKey: .mechanism)
        state = try c.decode(String.self, forKey: .state)
        health = try c.decodeIfPresent(ReplicationHealth.self, forKey: .health)
        rpo = try c.decodeSeconds(forKey: .rpo)
        lastReplication = try c.decodeIfPresent(Date.self, forKey: .lastReplication)
        primaryServer = try c.decodeIfPresent(String.self, forKey: .primaryServer)
        replicaServer = try c.decodeIfPresent(String.self, forKey: .replicaServer)
        protectionGroup = try c.decodeIfPresent(String.self, forKey: .protectionGroup)
        recoveryPlan = try c.decodeIfPresent(String.self, forKey: .recoveryPlan)
        recoveryPlanState = try c.decodeIfPresent(String.self, forKey: .recoveryPlanState)
        replicaVM = try c.decodeIfPresent(String.self, forKey: .replicaVM)
        ipCustomization = try c.decodeIfPresent(Bool.self, forKey: .ipCustomization)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mechanism, forKey: .mechanism)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(health, forKey: .health)
        try c.encodeSeconds(rpo, forKey: .rpo)
        try c.encodeIfPresent(lastReplication, forKey: .lastReplication)
        try c.encodeIfPresent(primaryServer, forKey: .primaryServer)
        try c.encodeIfPresent(replicaServer, forKey: .replicaServer)
        try c.encodeIfPresent(protectionGroup, forKey: .protectionGroup)
        try c.encodeIfPresent(recoveryPlan, forKey: .recoveryPlan)
        try c.encodeIfPresent(recoveryPlanState, forKey: .recoveryPlanState)
        try c.encodeIfPresent(replicaVM, forKey: .replicaVM)
        try c.encodeIfPresent(ipCustomization, forKey: .ipCustomization)
    }
}
