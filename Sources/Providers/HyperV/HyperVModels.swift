import Foundation
import Spec

/// The JSON the Hyper-V scripts write (HyperVScripts), and its mapping onto the observed
/// model.
enum HyperVModels {
    struct VM: Decodable {
        var name: String
        var found: Bool
        var duplicates: Int?
        var id: String?
        var state: String?
        var host: String?
        var clustered: Bool?
        var cluster: String?
        var role: Role?
        var processor: Processor?
        var replication: Replication?
        var checkpoints: [Checkpoint]?
    }

    struct Role: Decodable {
        var name: String?
        var state: String?
        var owner: String?
    }

    struct Processor: Decodable {
        var count: Int?
        var compatibilityForMigration: Bool?
    }

    struct Replication: Decodable {
        var state: String
        var health: String?
        var mode: String?
        var frequencySec: Int?
        var primaryServer: String?
        var replicaServer: String?
        var lastReplication: String?
    }

    struct Checkpoint: Decodable {
        var id: String
        var name: String
        var created: String?
        var type: String?
        var parentId: String?
    }

    /// The answer of an action script.
    struct ActionAnswer: Decodable {
        var changed: Bool?
        var message: String?
        /// Set when the script declined (a replica recovery point, no replication).
        var refused: String?
    }

    /// Hyper-V `State` → power state: Running → poweredOn, Off → poweredOff, Saved and
    /// Paused → suspended; anything else as Hyper-V names it.
    static func powerState(_ state: String) -> PowerState {
        switch state.lowercased() {
        case "running": return .poweredOn
        case "off": return .poweredOff
        case "saved", "paused": return .suspended
        default: return PowerState(rawValue: state)
        }
    }

    static func vmState(_ vm: VM) -> VMState {
        var state = VMState(hypervisor: .hyperv, id: vm.id, name: vm.name)
        state.powerState = vm.state.map(powerState)
        state.hostName = vm.host
        state.clustered = vm.clustered.map { $0 && (vm.role?.state.map { $0.lowercased() != "failed" } ?? true) }
        state.clusterName = vm.clustered == true ? vm.cluster : nil
        state.numCPU = vm.processor?.count
        state.compatibilityForMigration = vm.processor?.compatibilityForMigration
        let checkpoints = vm.checkpoints ?? []
        state.snapshots = orderedParentsFirst(checkpoints).map { checkpoint in
            VMSnapshot(id: checkpoint.id, name: checkpoint.name, createTime: checkpoint.created.flatMap(Timestamp.parse),
                       parent: checkpoint.parentId, type: checkpoint.type)
        }
        return state
    }

    static func replicationState(_ replication: Replication) -> ReplicationState {
        var state = ReplicationState(mechanism: .hypervReplica, state: replication.state)
        state.health = replication.health.flatMap { $0.isEmpty ? nil : ReplicationHealth(rawValue: $0.lowercased()) }
        state.rpo = replication.frequencySec.map { .seconds($0) }
        state.lastReplication = replication.lastReplication.flatMap(Timestamp.parse)
        state.primaryServer = replication.primaryServer
        state.replicaServer = replication.replicaServer
        // Hyper-V Replica keeps the VM's name on the replica server, and a replica VM
        // starts with the primary's addresses unless failover TCP/IP is configured per
        // adapter, which Get-VMReplication does not show: GEO-3 stays unknown.
        return state
    }

    /// Checkpoints with each parent before its children (the order of VMState.snapshots).
    static func orderedParentsFirst(_ checkpoints: [Checkpoint]) -> [Checkpoint] {
        let ids = Set(checkpoints.map(\.id))
        var children: [String: [Checkpoint]] = [:]
        var roots: [Checkpoint] = []
        for checkpoint in checkpoints {
            if let parent = checkpoint.parentId, ids.contains(parent) { children[parent, default: []].append(checkpoint) } else { roots.append(checkpoint) }
        }
        var ordered: [Checkpoint] = []
        var stack = roots.reversed() as [Checkpoint]
        while let next = stack.popLast() {
            ordered.append(next)
            stack.append(contentsOf: (children[next.id] ?? []).reversed())
        }
        return ordered
    }
}
