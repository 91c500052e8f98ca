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
    ///
    /// The list is `RequiredResources.for(spec:)`: the rules read exactly what is observed.
    /// (Hyper-V Replica's replica VM is observed too, on the one hyperv provider declaring
    /// the replica's site.)
    public static func targets(in spec: Spec) -> [ResourceRef] {
        RequiredResources.for(spec: spec)
    }
}
