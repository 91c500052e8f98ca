import Providers
import Spec

/// The one place that knows which observed resources an instance's rules look at, and
/// how a spec reference becomes a `ResourceRef`. `observe` asks providers for exactly
/// `RequiredResources.for(spec:)`; rules read the same addresses.
///
/// Per instance: the live VM; the live STARFACE and every platform standby's STARFACE;
/// the STARFACE backups (`backups.starface.target` + `prefix`) and, where a standby
/// restores from another target, that target's listing under the same prefix; the VM
/// backup job; each geo replica's replication on its `via.provider`, named after the live
/// VM; and the replica VM on the hypervisor provider of the live VM's type declared at the
/// replica's site, when exactly one is (SRM keeps a placeholder VM there; Hyper-V Replica
/// a replica VM), named `via.vm` or the live VM's name.
public struct RequiredResources: Sendable {
    private let spec: Spec
    /// Hypervisor providers by (site, type).
    private let hypervisorsAtSite: [SiteKind: [String]]

    private struct SiteKind: Hashable {
        var site: String
        var kind: ProviderSettings.Kind
    }

    public init(spec: Spec) {
        self.spec = spec
        var index: [SiteKind: [String]] = [:]
        for entry in spec.providers.entries where ProviderSettings.Kind.hypervisors.contains(entry.value.kind) {
            guard let site = entry.value.site else { continue }
            index[SiteKind(site: site, kind: entry.value.kind), default: []].append(entry.name)
        }
        hypervisorsAtSite = index
    }

    /// Every resource `spec` references, each once, in address order.
    public static func `for`(spec: Spec) -> [ResourceRef] {
        let resolver = RequiredResources(spec: spec)
        var refs = Set<ResourceRef>()
        for entry in spec.instances.entries {
            refs.formUnion(resolver.resources(for: entry.value, named: entry.name).all)
        }
        return refs.sorted()
    }

    /// The resources of one instance, each in its role.
    public func resources(for instance: Instance, named name: String) -> InstanceResources {
        var result = InstanceResources()
        let liveVM = instance.live.vm
        if let vm = liveVM { result.liveVM = .vm(vm.name, on: vm.provider) }
        if let pbx = instance.live.starface { result.liveStarface = .starface(pbx) }
        let starfaceBackup = instance.backups.starface
        if let backup = starfaceBackup { result.starfaceBackups = .backups(on: backup.target, prefix: backup.prefix) }
        for standby in instance.platform {
            let target = standby.restoreFrom ?? starfaceBackup?.target
            result.standbys.append(StandbyResources(
                starface: .starface(standby.starface),
                backups: target.map { .backups(on: $0, prefix: starfaceBackup?.prefix ?? "") }))
        }
        if let job = instance.backups.vm { result.vmBackupJob = .backupJob(job.job, on: job.provider) }
        let liveVMKind = liveVM.flatMap { spec.providers.withValue(named: $0.provider, \.kind) }
        for replica in instance.geo {
            let liveName = liveVM?.name ?? name
            var resources = ReplicaResources(replication: .replication(of: liveName, on: replica.via.provider))
            if let kind = liveVMKind, ProviderSettings.Kind.hypervisors.contains(kind) {
                let candidates = hypervisorsAtSite[SiteKind(site: replica.site, kind: kind)] ?? []
                if candidates.count == 1 {
                    resources.vm = .vm(replica.via.vm ?? liveName, on: candidates[0])
                } else if candidates.isEmpty {
                    resources.vmUnobservable = "no \(kind.rawValue) provider declares site \(replica.site), so the replica VM there cannot be observed"
                } else {
                    resources.vmUnobservable = "\(candidates.count) \(kind.rawValue) providers declare site \(replica.site) (\(candidates.joined(separator: ", "))), so the replica VM's provider is ambiguous"
                }
            } else {
                resources.vmUnobservable = "the live system has no VM on a hypervisor provider"
            }
            result.replicas.append(resources)
        }
        return result
    }
}

/// The addresses one instance's rules read.
public struct InstanceResources: Sendable, Hashable {
    public var liveVM: ResourceRef?
    public var liveStarface: ResourceRef?
    /// The STARFACE backups under `backups.starface.prefix` on `backups.starface.target`.
    public var starfaceBackups: ResourceRef?
    public var vmBackupJob: ResourceRef?
    /// One per `platform` entry, in spec order.
    public var standbys: [StandbyResources] = []
    /// One per `geo` entry, in spec order.
    public var replicas: [ReplicaResources] = []

    public init() {}

    /// Every address, each once.
    public var all: [ResourceRef] {
        var refs: [ResourceRef] = []
        refs.reserveCapacity(4 + standbys.count * 2 + replicas.count * 2)
        if let liveVM { refs.append(liveVM) }
        if let liveStarface { refs.append(liveStarface) }
        if let starfaceBackups { refs.append(starfaceBackups) }
        if let vmBackupJob { refs.append(vmBackupJob) }
        for standby in standbys {
            refs.append(standby.starface)
            if let backups = standby.backups, !refs.contains(backups) { refs.append(backups) }
        }
        for replica in replicas {
            if !refs.contains(replica.replication) { refs.append(replica.replication) }
            if let vm = replica.vm, !refs.contains(vm) { refs.append(vm) }
        }
        return refs
    }
}

/// A platform standby's addresses.
public struct StandbyResources: Sendable, Hashable {
    public var starface: ResourceRef
    /// The backups it would import: `restoreFrom` (or the instance's backup target) under
    /// the instance's prefix.
    public var backups: ResourceRef?
}

/// A geo replica's addresses.
public struct ReplicaResources: Sendable, Hashable {
    public var replication: ResourceRef
    /// The replica VM at the geo site, when one hypervisor provider of the right type
    /// declares that site.
    public var vm: ResourceRef?
    /// Why `vm` is nil.
    public var vmUnobservable: String?

    public init(replication: ResourceRef, vm: ResourceRef? = nil, vmUnobservable: String? = nil) {
        self.replication = replication
        self.vm = vm
        self.vmUnobservable = vmUnobservable
    }
}
