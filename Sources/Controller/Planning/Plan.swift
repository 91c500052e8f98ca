import Foundation
import Spec

/// Everything `plan` computed: findings, the action graph, alerts, failure scenarios and
/// what could not be observed. Pure data; every renderer takes a `Plan` and nothing else,
/// and `apply` executes a saved one (`SavedPlan`).
///
/// Three flags, as Terraform keeps them apart: `complete` (every resource the rules
/// needed was observed), `errored` (planning itself failed somewhere), and `applyable`
/// (an apply would have something to do and may trust the plan).
public struct Plan: Sendable {
    /// The version of the JSON form (docs/plan-json.md). Minor versions only add keys.
    public static let formatVersion = "1.0"

    /// The Git revision of the spec, when known.
    public var revision: String?
    public var observedAt: Date
    public var plannedAt: Date
    /// `sha256:<hex>` of the canonical JSON of the observed resources; an apply refuses the
    /// plan when a fresh observation digests differently. Empty when the plan was made
    /// without one (`PlanRequest.takesDigest`: text output, not saved).
    public var observedDigest: String
    /// The instances, in spec order.
    public var instances: [PlanInstance]
    /// Every check made, satisfied ones included.
    public var findings: [Finding]
    /// In dependency order within each instance.
    public var actions: [PlannedAction]
    public var alerts: [Alert]
    public var scenarios: [ScenarioResult]
    public var incomplete: [IncompleteResource]
    /// Problems of planning itself (a dependency cycle); any makes the plan errored.
    public var errors: [String]
    public var maintenance: MaintenanceState

    public init(revision: String?, observedAt: Date, plannedAt: Date, observedDigest: String, instances: [PlanInstance],
                findings: [Finding], actions: [PlannedAction], alerts: [Alert], scenarios: [ScenarioResult],
                incomplete: [IncompleteResource], errors: [String], maintenance: MaintenanceState) {
        self.revision = revision
        self.observedAt = observedAt
        self.plannedAt = plannedAt
        self.observedDigest = observedDigest
        self.instances = instances
        self.findings = findings
        self.actions = actions
        self.alerts = alerts
        self.scenarios = scenarios
        self.incomplete = incomplete
        self.errors = errors
        self.maintenance = maintenance
    }

    /// Every resource the rules needed was observed.
    public var complete: Bool { incomplete.isEmpty }
    /// Planning failed somewhere; the plan must not be applied.
    public var errored: Bool { !errors.isEmpty }
    /// Complete, not errored, and at least one action is not blocked.
    public var applyable: Bool { complete && !errored && actions.contains { !$0.isBlocked } }
    /// Something differs from the spec: an action or an alert.
    public var hasDrift: Bool { !actions.isEmpty || !alerts.isEmpty }

    public var summary: PlanSummary { PlanSummary(self) }
}

/// One instance as a plan shows it.
public struct PlanInstance: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var suspended: Bool

    public init(name: String, description: String?, suspended: Bool) {
        self.name = name
        self.description = description
        self.suspended = suspended
    }
}

/// The counts a plan's last line and JSON `summary` show.
public struct PlanSummary: Sendable, Hashable {
    public var instances = 0
    public var toCreate = 0
    public var toUpdate = 0
    public var toDelete = 0
    public var blocked = 0
    public var runnableNow = 0
    public var alerts = 0
    public var criticalAlerts = 0
    public var findingsViolated = 0
    public var findingsSatisfied = 0
    public var findingsUnknown = 0
    public var unknownResources = 0
    public var scenariosFailing = 0

    public init(_ plan: Plan) {
        // By index and field throughout: a plan holds 200,000 findings at 10,000 instances,
        // and copying each whole value out is a retain and release per string in it.
        instances = plan.instances.count
        for index in plan.actions.indices {
            if plan.actions[index].isBlocked {
                blocked += 1
                continue
            }
            if plan.actions[index].runnableNow { runnableNow += 1 }
            switch plan.actions[index].type.operation {
            case .create: toCreate += 1
            case .update: toUpdate += 1
            case .delete: toDelete += 1
            }
        }
        alerts = plan.alerts.count
        criticalAlerts = plan.alerts.indices.count { plan.alerts[$0].severity == .critical }
        for index in plan.findings.indices {
            switch plan.findings[index].status {
            case .violated: findingsViolated += 1
            case .satisfied: findingsSatisfied += 1
            case .unknown: findingsUnknown += 1
            }
        }
        unknownResources = plan.incomplete.count
        scenariosFailing = plan.scenarios.indices.count { plan.scenarios[$0].verdict == .fails || plan.scenarios[$0].verdict == .uncovered }
    }

    /// `Plan: 1 to create, 2 to change, 1 to delete, 1 blocked, 3 alerts. 1 resource unknown (plan incomplete).`
    public var line: String {
        counts.hasPrefix("No changes") ? counts : "Plan: " + counts
    }

    /// `line` without its "Plan: " prefix.
    public var counts: String {
        var parts: [String] = []
        if toCreate > 0 { parts.append("\(toCreate) to create") }
        if toUpdate > 0 { parts.append("\(toUpdate) to change") }
        if toDelete > 0 { parts.append("\(toDelete) to delete") }
        if blocked > 0 { parts.append("\(blocked) blocked") }
        if alerts > 0 { parts.append(Count.of(alerts, "alert")) }
        var text = parts.isEmpty ? "No changes, no alerts." : parts.joined(separator: ", ") + "."
        if unknownResources > 0 {
            text += " " + Count.of(unknownResources, "resource") + " unknown (plan incomplete)."
        }
        return text
    }
}

/// "1 alert", "3 alerts".
enum Count {
    static func of(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
