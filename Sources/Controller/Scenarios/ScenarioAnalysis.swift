import Foundation
import Providers
import Spec

/// For each failure scenario of an instance, finds the best mechanism *observed working*
/// and derives the achieved RTO and RPO from it (DOMAIN.md, "Failure scenarios"):
///
/// - host: Fault Tolerance running (RTO 0, RPO 0); an HA cluster (RTO = `recovery.vmBoot`);
///   else the next layers: a geo replica, a platform standby.
/// - site:<s>, for every site the instance uses: if `s` is not the live site, the live
///   system is unaffected; else a healthy geo replica elsewhere (RTO = `failover` +
///   `routingConvergence`, RPO = the larger of the replication RPO and the age of the last
///   cycle) or a platform standby elsewhere importing a backup stored elsewhere.
/// - platform: a standby on another platform that answers, is licensed, and can import
///   (VER-2) the newest off-site (BAK-2) backup: RTO = `backupImport`, RPO = that backup's age.
/// - change: reverting to the newest snapshot (RTO = `vmBoot`), restoring the newest VM
///   backup (no RTO estimate), or importing the newest STARFACE backup on the live system.
///
/// Best means one meeting the objectives, then the lowest layer (FT, HA, geo, standby:
/// a failure falls through them in that order), then the smallest RTO and RPO.
/// Ages are measured at the observation time. Pure: same input, same result.
public enum ScenarioAnalysis {
    public static func scenarios(for c: InstanceContext) -> [ScenarioResult] {
        let facts = Facts(c)
        var results: [ScenarioResult] = []
        let objectives = c.objectives
        results.append(judge(c.name, .host, facts.hostCandidates(), objectives.host))
        for site in facts.sitesInUse {
            results.append(judge(c.name, .site(site), facts.siteCandidates(site), objectives.site))
        }
        results.append(judge(c.name, .platform, facts.platformCandidates(), objectives.platform))
        results.append(judge(c.name, .change, facts.changeCandidates(), nil))
        return results
    }

    /// Picks the best working mechanism and compares it with `objective`.
    static func judge(_ instance: String, _ scenario: Scenario, _ candidates: [Mechanism], _ objective: Objective?) -> ScenarioResult {
        let judged = objective.flatMap { $0.rto == nil && $0.rpo == nil ? nil : $0 }
        // Best: one that meets the objectives, then the lowest layer, the smallest RTO, the smallest RPO.
        func key(_ m: Mechanism) -> (Int, Int, Int, Int) {
            let fits = judged.map { meets(m.rto, $0.rto) == true && meets(m.rpo, $0.rpo) == true } ?? true
            return (fits ? 0 : 1, m.layer, m.rto?.seconds ?? Int.max, m.rpo?.seconds ?? Int.max)
        }
        let working = candidates.filter { $0.status == .working }.sorted { key($0) < key($1) }
        let others = candidates.filter { $0.status != .working }
        let anyUnknown = others.contains { $0.status == .unknown }
        let verdict: ScenarioResult.Verdict
        if let best = working.first {
            if let judged {
                let checks = [meets(best.rto, judged.rto), meets(best.rpo, judged.rpo)]
                if checks.allSatisfy({ $0 != false }) && checks.allSatisfy({ $0 != nil }) {
                    verdict = .holds
                } else if checks.contains(false) && !anyUnknown {
                    verdict = .fails
                } else {
                    verdict = .unknown
                }
            } else {
                verdict = .notJudged
            }
        } else {
            verdict = anyUnknown ? .unknown : .uncovered
        }
        return ScenarioResult(instance: instance, scenario: scenario, considered: working + others,
                              objective: judged, verdict: verdict)
    }

    /// True when `achieved` is within `limit`, nil when that cannot be told, and true when
    /// there is no limit.
    private static func meets(_ achieved: TimeSpan?, _ limit: TimeSpan?) -> Bool? {
        guard let limit else { return true }
        guard let achieved else { return nil }
        return achieved <= limit
    }
}

/// What the scenarios need, read from the estate once per instance.
private struct Facts {
    let c: InstanceContext
    let recovery: RecoveryEstimates
    let liveSite: String
    let livePlatform: Platform
    let liveVM: Observed<VMState>?
    let geo: [(site: String, mechanism: Mechanism)]
    let standbys: [(site: String, platform: Platform, name: String, base: Mechanism, backupSite: String?)]
    let sitesInUse: [String]

    init(_ c: InstanceContext) {
        self.c = c
        let instance = c.instance
        recovery = instance.recovery
        liveSite = instance.live.site
        livePlatform = instance.live.platform
        liveVM = c.resources.liveVM.map { c.vm($0) }

        var geo: [(site: String, mechanism: Mechanism)] = []
        for (index, replica) in instance.geo.enumerated() {
            let ref = c.resources.replicas[index].replication
            let name = "geo replica at \(replica.site) (\(ref.provider))"
            let rto = TimeSpan(seconds: recovery.failover.seconds + recovery.routingConvergence.seconds)
            switch c.replication(ref) {
            case .unknown(let error):
                geo.append((replica.site, Mechanism(name: name, status: .unknown, rto: rto, note: "replication not observed", error: error, layer: 2)))
            case .absent:
                geo.append((replica.site, Mechanism(name: name, status: .broken, note: "no replication", layer: 2)))
            case .present(let state):
                var rpo = state.rpo ?? replica.rpo
                if let last = state.lastReplication { rpo = Swift.max(rpo, TimeSpan(seconds: c.age(of: last))) }
                switch ReplicationHealthCheck.assess(state) {
                case .healthy:
                    geo.append((replica.site, Mechanism(name: name, status: .working, rto: rto, rpo: rpo, layer: 2)))
                case .stopped(let why), .unhealthy(let why):
                    geo.append((replica.site, Mechanism(name: name, status: .broken, note: why, layer: 2)))
                case .unknown(let why):
                    geo.append((replica.site, Mechanism(name: name, status: .unknown, rto: rto, note: why,
                                                        error: ProviderError(.protocol, why, provider: ref.provider, resource: ref), layer: 2)))
                }
            }
        }
        self.geo = geo

        var standbys: [(site: String, platform: Platform, name: String, base: Mechanism, backupSite: String?)] = []
        for (index, standby) in instance.platform.enumerated() {
            let resources = c.resources.standbys[index]
            let targetName = resources.backups?.provider
            let target = targetName.flatMap { c.spec.providers.withValue(named: $0, \.placement) }
            let mechanism = Self.standbyMechanism(standby, resources, target, c)
            standbys.append((standby.site, standby.platform, standby.name, mechanism,
                             target?.isDeclaredOffsite == true ? nil : target?.site))
        }
        self.standbys = standbys

        var sites: [String] = [instance.live.site]
        func add(_ site: String?) { if let site, !sites.contains(site) { sites.append(site) } }
        instance.geo.forEach { add($0.site) }
        instance.platform.forEach { add($0.site) }
        if let target = instance.backups.starface?.target { add(c.spec.providers.withValue(named: target, \.site) ?? nil) }
        sitesInUse = sites
    }

    /// A standby importing the newest backup of its target, judged without regard to
    /// where the failure is (sites are judged by the caller).
    static func standbyMechanism(_ standby: PlatformStandby, _ resources: StandbyResources, _ target: ProviderPlacement?,
                                 _ c: InstanceContext) -> Mechanism {
        let name = "standby \(standby.name) imports a backup"
        let rto = c.instance.recovery.backupImport
        func unknown(_ note: String, _ error: ProviderError) -> Mechanism {
            Mechanism(name: name, status: .unknown, rto: rto, note: note, error: error, layer: 3)
        }
        func broken(_ note: String) -> Mechanism { Mechanism(name: name, status: .broken, note: note, layer: 3) }
        let state: StarfaceSystemState
        switch c.starface(resources.starface) {
        case .unknown(let error): return unknown("standby not observed", error)
        case .absent: return broken("standby does not exist")
        case .present(let observed): state = observed
        }
        guard state.reachable else { return broken("standby does not answer") }
        switch state.licence?.serverLicence {
        case false?: return broken("no server licence")
        case nil: return unknown("licence not reported", ProviderError(.unsupported, "licence not reported", provider: resources.starface.provider))
        case true?: break
        }
        if let until = state.licence?.validUntil, until < c.asOf { return broken("licence expired") }
        guard let backupsRef = resources.backups else { return broken("nothing to restore from") }
        if let target, !target.isDeclaredOffsite, target.site == nil || target.site == c.instance.live.site {
            return broken("backups on \(backupsRef.provider) are not off-site")
        }
        let listing: BackupListing
        switch c.backups(backupsRef) {
        case .unknown(let error): return unknown("backups not observed", error)
        case .absent: return broken("no backups on \(backupsRef.provider)")
        case .present(let observed): listing = observed
        }
        guard let newest = StarfaceBackups.newest(in: listing) else { return broken("no backups on \(backupsRef.provider)") }
        let rpo = TimeSpan(seconds: c.age(of: newest.modified))
        let version: StarfaceVersion
        switch c.version(of: resources.starface, role: "the standby") {
        case .unknown(let error): return unknown("standby version unknown", error)
        case .known(let known): version = known
        }
        guard let liveRef = c.resources.liveStarface else {
            return unknown("backup version unknown", ProviderError(.configuration, "live.starface is not set"))
        }
        let current = c.liveVersion().value.map { LiveVersionHistory.Sighting(time: c.context.estate.observedAt, version: $0) }
        guard let made = c.context.history.bounds(of: liveRef, at: newest.modified, current: current) else {
            return unknown("backup version unknown", ProviderError(.unsupported, "no live version observed after the backup", provider: liveRef.provider))
        }
        guard made.upper <= version else {
            return broken("standby \(version) cannot import a backup made by \(made.description) (VER-2)")
        }
        return Mechanism(name: name, status: .working, rto: rto, rpo: rpo, layer: 3)
    }

    private var ftAndHA: [Mechanism] {
        guard let liveVM else { return [] }
        var out: [Mechanism] = []
        let boot = recovery.vmBoot
        switch liveVM {
        case .unknown(let error):
            if c.instance.local.faultTolerance != .off {
                out.append(Mechanism(name: "fault tolerance", status: .unknown, rto: .zero, rpo: .zero, note: "live VM not observed", error: error))
            }
            out.append(Mechanism(name: "HA restart", status: .unknown, rto: boot, rpo: .zero, note: "live VM not observed", error: error, layer: 1))
        case .absent:
            out.append(Mechanism(name: "HA restart", status: .broken, note: "live VM not found", layer: 1))
        case .present(let vm):
            if vm.hypervisor == .vsphere {
                switch vm.ftState {
                case .running?: out.append(Mechanism(name: "fault tolerance", status: .working, rto: .zero, rpo: .zero))
                case nil:
                    if c.instance.local.faultTolerance != .off {
                        out.append(Mechanism(name: "fault tolerance", status: .unknown, rto: .zero, rpo: .zero, note: "FT state not reported",
                                             error: ProviderError(.unsupported, "FT state not reported", provider: c.resources.liveVM?.provider)))
                    }
                case let state?:
                    if state != .notConfigured || c.instance.local.faultTolerance != .off {
                        out.append(Mechanism(name: "fault tolerance", status: .broken, note: "FT \(state.rawValue)"))
                    }
                }
            }
            let clustered: Bool? = vm.hypervisor == .hyperv ? vm.clustered : vm.haEnabled.map { $0 && vm.clusterName != nil }
            switch clustered {
            case true?: out.append(Mechanism(name: "HA restart", status: .working, rto: boot, rpo: .zero, layer: 1))
            case false?: out.append(Mechanism(name: "HA restart", status: .broken, note: "not clustered", layer: 1))
            case nil:
                out.append(Mechanism(name: "HA restart", status: .unknown, rto: boot, rpo: .zero, note: "HA not reported",
                                     error: ProviderError(.unsupported, "HA state not reported", provider: c.resources.liveVM?.provider), layer: 1))
            }
        }
        return out
    }

    func hostCandidates() -> [Mechanism] {
        var out = ftAndHA
        out += geo.map(\.mechanism)
        out += standbys.map(\.base)
        return out
    }

    func siteCandidates(_ site: String) -> [Mechanism] {
        if site != liveSite {
            return [Mechanism(name: "live system at \(liveSite) unaffected", status: .working, rto: .zero, rpo: .zero)]
        }
        var out: [Mechanism] = []
        for replica in geo {
            if replica.site == site {
                out.append(Mechanism(name: replica.mechanism.name, status: .broken, note: "at the failed site", layer: 2))
            } else {
                out.append(replica.mechanism)
            }
        }
        for standby in standbys {
            if standby.site == site {
                out.append(Mechanism(name: standby.base.name, status: .broken, note: "at the failed site", layer: 3))
            } else if standby.backupSite == site {
                out.append(Mechanism(name: standby.base.name, status: .broken, note: "its backups are at the failed site", layer: 3))
            } else {
                out.append(standby.base)
            }
        }
        return out
    }

    func platformCandidates() -> [Mechanism] {
        standbys.map { standby in
            standby.platform == livePlatform
                ? Mechanism(name: standby.base.name, status: .broken, note: "runs on \(standby.platform.rawValue) too", layer: 3)
                : standby.base
        }
    }

    func changeCandidates() -> [Mechanism] {
        var out: [Mechanism] = []
        if case .present(let vm)? = liveVM {
            let newest = vm.snapshots.compactMap { snapshot -> Date? in
                let created: Date? = snapshot.createTime
                return snapshot.type?.lowercased() == "replica" ? nil : created
            }.max()
            if let newest {
                out.append(Mechanism(name: "revert to the newest snapshot", status: .working, rto: recovery.vmBoot,
                                     rpo: TimeSpan(seconds: c.age(of: newest))))
            }
        }
        if let ref = c.resources.vmBackupJob {
            let name = "restore the newest VM backup"
            switch c.backupJob(ref) {
            case .unknown(let error): out.append(Mechanism(name: name, status: .unknown, note: "job not observed", error: error))
            case .absent: out.append(Mechanism(name: name, status: .broken, note: "no such job"))
            case .present(let job):
                let last = job.lastSuccess ?? (job.lastResult == .success ? job.lastRun : nil)
                let covers = c.instance.live.vm.map { vm in job.vms.contains { $0.caseInsensitiveCompare(vm.name) == .orderedSame } } ?? false
                if let last, covers {
                    out.append(Mechanism(name: name, status: .working, rpo: TimeSpan(seconds: c.age(of: last))))
                } else {
                    out.append(Mechanism(name: name, status: .broken, note: covers ? "no successful run" : "the job does not cover the live VM"))
                }
            }
        }
        if let ref = c.resources.starfaceBackups {
            let name = "import the newest STARFACE backup"
            switch c.backups(ref) {
            case .unknown(let error): out.append(Mechanism(name: name, status: .unknown, rto: recovery.backupImport, note: "backups not observed", error: error))
            case .absent: out.append(Mechanism(name: name, status: .broken, note: "no backups"))
            case .present(let listing):
                if let newest = StarfaceBackups.newest(in: listing) {
                    out.append(Mechanism(name: name, status: .working, rto: recovery.backupImport, rpo: TimeSpan(seconds: c.age(of: newest.modified))))
                } else {
                    out.append(Mechanism(name: name, status: .broken, note: "no backups"))
                }
            }
        }
        return out
    }
}
