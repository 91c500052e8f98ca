import Providers
import Spec

/// Which resources a spec asks the providers about: everything any rule will look at.
public enum ObservationTargets {
    /// Every resource `spec` references, each once, in address order.
    ///
    /// Per instance: the live VM; the live STARFACE and every platform standby's STARFACE;
    /// the STARFACE backups (`backups.starface.target` and `prefix`) and, when a standby
    /// restores from another target, that target's listing too; the VM backup job; each geo
    /// replica's replication on its `via.provider`, and the replica VM itself on the
    /// vSphere provider at the replica's site when exactly one is declared there (SRM keeps
    /// a placeholder VM of the same name, or `via.vm`, in the recovery site's vCenter).
    public static func targets(in spec: Spec) -> [ResourceRef] {
        var refs = Set<ResourceRef>()
        for entry in spec.instances.entries {
            let instance = entry.value
            let liveVM = instance.live.vm
            if let vm = liveVM { refs.insert(.vm(vm.name, on: vm.provider)) }
            if let pbx = instance.live.starface { refs.insert(.starface(pbx)) }
            let starfaceBackup = instance.backups.starface
            if let backup = starfaceBackup { refs.insert(.backups(on: backup.target, prefix: backup.prefix)) }
            for standby in instance.platform {
                refs.insert(.starface(standby.starface))
                if let target = standby.restoreFrom, target != starfaceBackup?.target {
                    refs.insert(.backups(on: target, prefix: starfaceBackup?.prefix ?? ""))
                }
            }
            if let job = instance.backups.vm { refs.insert(.backupJob(job.job, on: job.provider)) }
            for replica in instance.geo {
                let vmName = replica.via.vm ?? liveVM?.name ?? entry.name
                refs.insert(.replication(of: liveVM?.name ?? entry.name, on: replica.via.provider))
                if case .srm? = spec.providers[replica.via.provider] {
                    let atSite = spec.providers.entries.filter {
                        if case .vsphere(let settings) = $0.value { return settings.site == replica.site }
                        return false
                    }
                    if atSite.count == 1 { refs.insert(.vm(vmName, on: atSite[0].name)) }
                }
            }
        }
        return refs.sorted()
    }
}
