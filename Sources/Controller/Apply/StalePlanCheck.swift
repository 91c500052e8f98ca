import Foundation
import Providers

/// Refuses a saved plan the world has moved away from, as Terraform refuses a stale saved
/// plan: the spec's revision changed, or a fresh observation digests differently from the
/// one the plan was made from (`ObservedDigest`).
public enum StalePlanCheck {
    /// Why the plan must not be applied; nil when it still holds.
    public static func problem(with plan: SavedPlan, currentRevision: String?, observedDigest: String) -> String? {
        if let planned = plan.revision, let current = currentRevision, planned != current {
            return "the plan is stale: it was made from \(planned), the spec is now at \(current). Plan again (`sfreconcile plan --out FILE`) and apply the new plan."
        }
        if plan.observedDigest != observedDigest {
            return "the plan is stale: what it was planned against has changed since \(Timestamp.format(plan.plannedAt)) (observed digest \(short(plan.observedDigest)) then, \(short(observedDigest)) now). Plan again (`sfreconcile plan --out FILE`) and apply the new plan."
        }
        return nil
    }

    private static func short(_ digest: String) -> String {
        digest.hasPrefix("sha256:") ? String(digest.prefix(19)) + "…" : digest
    }
}
