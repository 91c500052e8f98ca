import Foundation
import Providers
import Spec

/// The sentence of a satisfied finding, kept as the values it is made of and written only
/// when `Finding.message` is read. A plan at 10,000 instances holds some 190,000 satisfied
/// findings whose sentences only the JSON and Markdown renderers print; writing them all
/// while planning was a large share of the rules' time and 23 MB of the plan.
///
/// Each case holds values its rule already has (names, versions, spans, and strings the
/// finding carries anyway), so keeping one costs a single small allocation. Its text is the
/// one the rule wrote before sentences were kept this way, byte for byte. Fixed sentences
/// stay plain `String` literals, which cost nothing to keep.
indirect enum FindingSentence: Sendable, Hashable {
    /// BAK-1: the newest STARFACE backup is fresh enough.
    case backupFresh(backup: String, age: Int, limit: TimeSpan, platformRPO: Bool)
    /// BAK-2: the backup target is declared off-site.
    case backupTargetOffsite(target: String)
    /// BAK-2: the backup target is at another site than the live system.
    case backupTargetAway(target: String, site: String, liveSite: String)
    /// BAK-3: the live STARFACE backs up often enough.
    case backupSchedule(interval: TimeSpan)
    /// GEO-1: the replication is healthy; `health` is its description (`Replicating, health normal`).
    case replicated(vm: String, site: String, health: String)
    /// GEO-2: the configured RPO is short enough.
    case replicationRPO(site: String, rpo: TimeSpan)
    /// GEO-2: the last replication cycle is recent enough.
    case replicationLag(site: String, age: Int)
    /// GEO-3: the replica keeps the live system's IP configuration.
    case replicaKeepsIP(site: String)
    /// HWID-1: the live VM has the hardware the spec pins; `cpu` is its description.
    case liveHardwarePinned(cpu: String)
    /// HWID-1: a replica VM has the live VM's CPU configuration; `cpu` is its description.
    case replicaHardware(vm: String, site: String, cpu: String)
    /// INF-1: vSphere HA is on for the live VM's cluster.
    case clusterHA(cluster: String)
    /// INF-1: the live VM's cluster has an EVC mode.
    case clusterEVC(cluster: String, mode: String)
    /// LOC-1: Fault Tolerance protects the live VM.
    case faultTolerance(vm: String)
    /// LOC-2: the live VM is clustered (a Hyper-V role, else in a vSphere HA cluster).
    case clustered(vm: String, hyperV: Bool)
    /// OBJ-1: a mechanism meets the scenario's objectives; `objectives` is their description.
    case objectivesMet(scenario: Scenario, mechanism: String, rto: TimeSpan?, rpo: TimeSpan?, objectives: String?)
    /// PLT-1: a platform standby answers and is licensed.
    case standbyReady(PlatformStandby, provider: String)
    /// SNP-1: a STARFACE VM has no snapshots; `replicaSite` is nil for the live VM.
    case noSnapshots(vm: String, replicaSite: String?)
    /// SNP-1: none of a STARFACE VM's snapshots is too old; `replicaSite` is nil for the live VM.
    case snapshotsWithinAge(vm: String, replicaSite: String?, maxAge: TimeSpan)
    /// VMB-1: the VM backup job covers the live VM, runs often enough and succeeded lately.
    case vmBackupJob(job: String, interval: TimeSpan, age: Int)
    /// VER-1: the live system runs the version target.
    case liveAtTarget(liveProvider: String?, target: StarfaceVersion)
    /// VER-1: a standby runs the version the live system requires.
    case standbyVersion(standby: String, provider: String, version: StarfaceVersion, live: StarfaceVersion)
    /// VER-2: a standby can import the newest backup.
    case backupImportable(backup: BackupFile, target: String, made: VersionBounds, standby: String, provider: String,
                          version: StarfaceVersion)

    /// The sentence.
    var text: String {
        switch self {
        case let .backupFresh(backup, age, limit, platformRPO):
            let source = platformRPO ? "the platform RPO" : "the backup interval"
            return "The newest STARFACE backup \(backup) is \(Human.age(age)) old, within \(source) of \(Human.span(limit))."
        case let .backupTargetOffsite(target):
            return "Backup target \(target) is declared off-site."
        case let .backupTargetAway(target, site, liveSite):
            return "Backup target \(target) is at \(site), away from the live system at \(liveSite)."
        case let .backupSchedule(interval):
            return "The live STARFACE backs up every \(Human.span(interval))."
        case let .replicated(vm, site, health):
            return "\(vm) is replicated to \(site) (\(health))."
        case let .replicationRPO(site, rpo):
            return "The replication to \(site) runs with an RPO of \(Human.span(rpo))."
        case let .replicationLag(site, age):
            return "The last replication cycle to \(site) finished \(Human.age(age)) ago."
        case let .replicaKeepsIP(site):
            return "The replica at \(site) starts with the live system's IP configuration."
        case let .liveHardwarePinned(cpu):
            return "The live VM has the hardware the spec pins (\(cpu))."
        case let .replicaHardware(vm, site, cpu):
            return "The replica VM \(vm) at \(site) has the live VM's CPU configuration (\(cpu))."
        case let .clusterHA(cluster):
            return "vSphere HA is on for cluster \(cluster)."
        case let .clusterEVC(cluster, mode):
            return "Cluster \(cluster) runs EVC mode \(mode): every host presents the same CPU type."
        case let .faultTolerance(vm):
            return "Fault Tolerance protects \(vm); its secondary is running."
        case let .clustered(vm, hyperV):
            let what = hyperV ? "a highly available role of a failover cluster" : "in a vSphere HA cluster"
            return "\(vm) is \(what): a host failure restarts it on another host."
        case let .objectivesMet(scenario, mechanism, rto, rpo, objectives):
            return "\(ObjectiveRules.describe(scenario).capitalizedFirst): \(mechanism) restores telephony within RTO "
                + "\(ObjectiveRules.span(rto)) and RPO \(ObjectiveRules.span(rpo)), meeting \(objectives ?? "the objectives")."
        case let .standbyReady(standby, provider):
            return "\(PlatformRules.label(standby, provider: provider).capitalizedFirst) answers and holds a server licence for \(standby.platform.rawValue)."
        case let .noSnapshots(vm, replicaSite):
            return "\(SnapshotRules.label(vm: vm, replicaSite: replicaSite).capitalizedFirst) has no snapshots."
        case let .snapshotsWithinAge(vm, replicaSite, maxAge):
            return "\(SnapshotRules.label(vm: vm, replicaSite: replicaSite).capitalizedFirst) has no snapshot older than \(Human.span(maxAge))."
        case let .vmBackupJob(job, interval, age):
            return "The VM backup job \"\(job)\" covers the live VM, runs every \(Human.span(interval)) and last succeeded \(Human.age(age)) ago."
        case let .liveAtTarget(liveProvider, target):
            return "The live system\(liveProvider.map { " (\($0))" } ?? "") runs the target version \(target)."
        case let .standbyVersion(standby, provider, version, live):
            return "Standby \(standby) (\(provider)) runs \(version), as the live system's \(live) requires."
        case let .backupImportable(backup, target, made, standby, provider, version):
            return "The newest backup \(backup.name) (\(Human.time(backup.modified)), on \(target)) was made by \(made.description); "
                + "standby \(standby) (\(provider)) runs \(version) and can import it."
        }
    }
}
