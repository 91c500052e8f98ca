/// Checks that the declared redundancy can be redundancy at all: geo replicas at other
/// sites, standbys on other platforms, replication RPOs the mechanism offers, backups
/// off the live site, VMs only where the platform is vm.
enum RedundancyChecks {
    /// The replication frequencies Hyper-V Replica offers.
    static let hyperVFrequencies: [TimeSpan] = [.seconds(30), .minutes(5), .minutes(15)]
    /// The RPO range SRM with vSphere Replication offers.
    static let srmRPORange: ClosedRange<TimeSpan> = .minutes(5) ... .hours(24)

    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        for entry in spec.instances.entries {
            let base = SpecPath("instances").appending(entry.name)
            let instance = entry.value
            checkLive(instance, base, spec, &report)
            checkGeo(instance, base, spec, &report)
            checkPlatform(instance, base, spec, &report)
            checkBackups(instance, base, spec, &report)
        }
    }

    private static func checkLive(_ instance: Instance, _ base: SpecPath, _ spec: Spec, _ report: inout ValidationReport) {
        let live = base.appending("live")
        guard report.isClean(live), report.isClean(base.appending("local")) else { return }
        switch (instance.live.platform, instance.live.vm) {
        case (.vm, nil):
            report.error(.liveVMMismatch, live, "the live system runs as a VM but names no VM",
                         hint: "add live.vm: { provider: <vsphere or hyperv provider>, name: <VM name> }")
        case (.appliance, .some), (.cloud, .some):
            report.error(.liveVMMismatch, live.appending("vm"),
                         "live.vm is set but the live platform is \(instance.live.platform.rawValue)",
                         hint: "remove live.vm, or set live.platform: vm")
        default:
            break
        }
        let hypervisor = instance.live.vm.flatMap { spec.providers[$0.provider]?.kind }
        if hypervisor == .hyperv, instance.local.faultTolerance != .off {
            report.error(.invalidValue, base.appending("local").appending("faultTolerance"),
                         "Hyper-V has no Fault Tolerance",
                         hint: "use local.cluster for a highly-available clustered role (LOC-2)")
        }
        if instance.live.platform != .vm, instance.local.faultTolerance != .off || instance.local.cluster != .off {
            report.error(.invalidValue, base.appending("local"),
                         "local redundancy needs a VM, but the live platform is \(instance.live.platform.rawValue)",
                         hint: "set local.faultTolerance and local.cluster to off, or run the live system as a VM")
        }
        if !instance.geo.isEmpty, instance.live.platform != .vm {
            report.error(.invalidValue, base.appending("geo"),
                         "geo replication needs a VM, but the live platform is \(instance.live.platform.rawValue)",
                         hint: "use platform standbys (platform:) to cover a \(instance.live.platform.rawValue)")
        }
    }

    private static func checkGeo(_ instance: Instance, _ base: SpecPath, _ spec: Spec, _ report: inout ValidationReport) {
        var seenSites: [String: Int] = [:]
        for (index, replica) in instance.geo.enumerated() {
            let path = base.appending("geo").appending(index: index)
            guard report.isClean(path), report.isClean(base.appending("live")) else { continue }
            if !replica.site.isEmpty, replica.site == instance.live.site {
                report.error(.geoSameSite, path.appending("site"),
                             "the geo replica is at the live site \"\(replica.site)\", so it does not survive a site failure",
                             hint: "name another site; protection within a site is local redundancy (local:)")
            }
            if let previous = seenSites[replica.site] {
                report.warning(.geoSameSite, path.appending("site"),
                               "a second geo replica at site \"\(replica.site)\" (the first is geo[\(previous)])",
                               hint: "one replica per site is enough for GEO-1")
            } else {
                seenSites[replica.site] = index
            }
            let replicator = spec.providers[replica.via.provider]?.kind
            let hypervisor = instance.live.vm.flatMap { spec.providers[$0.provider]?.kind }
            if let replicator, let hypervisor, replicator != .exec, hypervisor != .exec,
               (replicator == .srm) != (hypervisor == .vsphere) {
                let needed = hypervisor == .vsphere ? "an srm provider (Site Recovery Manager)" : "a hyperv provider (Hyper-V Replica)"
                report.error(.wrongReferenceType, path.appending("via").appending("provider"),
                             "\(replicator == .srm ? "SRM" : "Hyper-V Replica") cannot replicate a VM that runs on \(hypervisor == .vsphere ? "vSphere" : "Hyper-V")",
                             hint: "replicate this VM with \(needed)")
            }
            switch replicator {
            case .hyperv:
                if !hyperVFrequencies.contains(replica.rpo) {
                    report.error(.replicationRPO, path.appending("rpo"),
                                 "Hyper-V Replica cannot replicate every \(replica.rpo)",
                                 hint: "Hyper-V offers 30s, 5m and 15m only")
                }
                if replica.via.replicaServer == nil {
                    report.error(.missingKey, path.appending("via"), "Hyper-V replication needs via.replicaServer",
                                 hint: "name the Hyper-V Replica server at site \(replica.site)")
                }
            case .srm:
                if !srmRPORange.contains(replica.rpo) {
                    report.error(.replicationRPO, path.appending("rpo"),
                                 "SRM/vSphere Replication cannot hold an RPO of \(replica.rpo)",
                                 hint: "choose an RPO between 5m and 24h")
                }
                if replica.via.protectionGroup == nil {
                    report.error(.missingKey, path.appending("via"), "SRM replication needs via.protectionGroup",
                                 hint: "name the SRM protection group that holds the live VM")
                }
            default:
                break
            }
            if replica.ipConfig == .reip {
                report.warning(.invalidValue, path.appending("ipConfig"),
                               "a re-IP failover makes phones re-register slowly (GEO-3 will report it)",
                               hint: "give the replica network the same addressing as the live network")
            }
        }
    }

    private static func checkPlatform(_ instance: Instance, _ base: SpecPath, _ spec: Spec, _ report: inout ValidationReport) {
        var names: [String: Int] = [:]
        for (index, standby) in instance.platform.enumerated() {
            let path = base.appending("platform").appending(index: index)
            guard report.isClean(path) else { continue }
            if let first = names[standby.name] {
                report.error(.duplicateDefinition, path.appending("name"),
                             "platform standby \"\(standby.name)\" is defined twice (first as platform[\(first)])",
                             hint: "give each standby its own name")
            } else {
                names[standby.name] = index
            }
            if standby.platform == instance.live.platform {
                report.warning(.platformNotRedundant, path.appending("platform"),
                               "the standby runs on the same platform (\(standby.platform.rawValue)) as the live system, so it does not cover a platform failure",
                               hint: "platform redundancy means another platform: appliance, cloud, or a VM on another hypervisor")
            }
            if standby.restoreFrom == nil, instance.backups.starface == nil {
                report.error(.missingKey, path,
                             "the standby has nothing to restore from",
                             hint: "set restoreFrom to a backup target, or configure backups.starface")
            }
        }
    }

    private static func checkBackups(_ instance: Instance, _ base: SpecPath, _ spec: Spec, _ report: inout ValidationReport) {
        guard let backup = instance.backups.starface, let target = spec.providers[backup.target] else { return }
        let path = base.appending("backups").appending("starface").appending("target")
        guard report.isClean(base.appending("live")), !target.isDeclaredOffsite else { return }
        guard let site = target.site else {
            if target.kind != .exec {
                report.warning(.backupOnSite, path,
                               "backup target \"\(backup.target)\" declares no site, so off-site storage (BAK-2) cannot be shown",
                               hint: "set site: on the target, or offsite: true for a remote service")
            }
            return
        }
        if site == instance.live.site {
            report.warning(.backupOnSite, path,
                           "backups land at the live site \"\(site)\" and are lost with it (BAK-2 will report this)",
                           hint: "use a target at another site, or one declared offsite: true")
        }
    }
}
