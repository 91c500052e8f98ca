import Foundation
import Spec

/// One change in a plan: what, on which target, why, after what, with whose consent, at
/// what cost to telephony, and whether it may run now. Pure data.
public struct PlannedAction: Sendable, Hashable {
    /// Stable across runs: `<type>:<target>`.
    public var id: String
    public var type: ActionType
    public var instance: String
    /// The address of what changes.
    public var target: String
    public var role: ActionRole
    /// The change in a few words.
    public var summary: String
    /// Why, in a few words.
    public var reason: String
    public var parameters: [ActionParameter]
    /// The rules the action satisfies (SNP-2 for the guard snapshots).
    public var fixes: [RuleID]
    /// The ids of the findings it resolves.
    public var findings: [String]
    /// Ids of actions that must succeed first.
    public var dependsOn: [String]
    public var approval: Approval
    public var impact: Impact
    public var reversible: Bool
    /// Runs only inside a maintenance window.
    public var disruptive: Bool
    /// Rules that forbid the action (VER-3); a blocked action never runs.
    public var blockedBy: [RuleID]
    /// Whether an apply now would run it without anyone's approval.
    public var runnableNow: Bool
    /// Why it would not run now; nil when it would.
    public var notRunnableReason: String?

    public var operations: [ActionOperation] { [type.operation] }
    public var isBlocked: Bool { !blockedBy.isEmpty }

    /// The id of the action of `type` on `target`.
    public static func id(type: ActionType, target: String) -> String { type.rawValue + ":" + target }
}

/// A violated finding that needs a person: no fix exists, policy forbids the fix, the
/// instance is suspended, or VER-3 blocks the change.
public struct Alert: Sendable, Hashable {
    /// Why no action fixes it.
    public enum Cause: String, Sendable, Hashable, Codable {
        /// The rule has no fix the controller may apply.
        case noFix = "no_fix"
        /// `policy.actions` says `never` for the fix.
        case policyNever = "policy_never"
        /// The instance is suspended: observed and reported, never changed.
        case suspended
        /// VER-3 blocks a change.
        case blocked
    }

    /// The id of the finding (`Finding.id`).
    public var id: String
    public var rule: RuleID
    public var severity: Severity
    public var instance: String
    public var address: String
    public var message: String
    public var cause: Cause
}

/// A resource the rules needed that could not be observed; any makes the plan incomplete.
public struct IncompleteResource: Sendable, Hashable {
    public var provider: String
    public var resource: String
    /// The provider error's kind (`unreachable`, `unsupported`, …).
    public var kind: String
    public var reason: String
    public var advice: String
}

/// Whether a maintenance window is open at planning time, and when the next one opens.
public struct MaintenanceState: Sendable, Hashable {
    /// No window is defined: disruptive actions never run by themselves.
    public var hasWindows: Bool
    public var isOpen: Bool
    /// The start of the next window (now, when one is open); nil without windows.
    public var nextOpening: Date?
    /// How the next opening reads in its window's own time zone, e.g. `Sat 2026-11-28 22:00 Europe/Berlin`.
    public var nextOpeningLocal: String?

    public init(hasWindows: Bool, isOpen: Bool, nextOpening: Date?, nextOpeningLocal: String?) {
        self.hasWindows = hasWindows
        self.isOpen = isOpen
        self.nextOpening = nextOpening
        self.nextOpeningLocal = nextOpeningLocal
    }
}
