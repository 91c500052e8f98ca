import Foundation
import Providers
import Spec

/// The plan as the versioned JSON document of docs/plan-json.md: keys in a fixed order,
/// times as ISO 8601 UTC, durations in whole seconds, optional values as `null`.
public struct PlanJSONRenderer: PlanView {
    public init() {}

    public func render(_ plan: Plan) -> String {
        Self.document(plan).serialized() + "\n"
    }

    /// The document as a value, for callers that embed it.
    public static func document(_ plan: Plan) -> JSONValue {
        let summary = plan.summary
        return .object([
            ("format_version", .string(Plan.formatVersion)),
            ("revision", optional(plan.revision)),
            ("observed_at", .string(Human.time(plan.observedAt))),
            ("planned_at", .string(Human.time(plan.plannedAt))),
            ("observed_digest", .string(plan.observedDigest)),
            ("complete", .bool(plan.complete)),
            ("applyable", .bool(plan.applyable)),
            ("errored", .bool(plan.errored)),
            ("errors", .array(plan.errors.map(JSONValue.string))),
            ("summary", .object([
                ("instances", .int(summary.instances)),
                ("to_create", .int(summary.toCreate)),
                ("to_update", .int(summary.toUpdate)),
                ("to_delete", .int(summary.toDelete)),
                ("blocked", .int(summary.blocked)),
                ("runnable_now", .int(summary.runnableNow)),
                ("alerts", .int(summary.alerts)),
                ("critical_alerts", .int(summary.criticalAlerts)),
                ("findings_violated", .int(summary.findingsViolated)),
                ("findings_satisfied", .int(summary.findingsSatisfied)),
                ("findings_unknown", .int(summary.findingsUnknown)),
                ("unknown_resources", .int(summary.unknownResources)),
                ("scenarios_failing", .int(summary.scenariosFailing)),
            ])),
            ("maintenance", .object([
                ("windows_defined", .bool(plan.maintenance.hasWindows)),
                ("open_now", .bool(plan.maintenance.isOpen)),
                ("next_opening", optional(plan.maintenance.nextOpening.map(Human.time))),
                ("next_opening_local", optional(plan.maintenance.nextOpeningLocal)),
            ])),
            ("instances", .array(plan.instances.map { instance in
                .object([
                    ("name", .string(instance.name)),
                    ("description", optional(instance.description)),
                    ("suspended", .bool(instance.suspended)),
                ])
            })),
            ("actions", .array(plan.actions.map(json))),
            ("alerts", .array(plan.alerts.map(json))),
            ("findings", .array(plan.findings.map(json))),
            ("scenarios", .array(plan.scenarios.map(json))),
            ("incomplete", .array(plan.incomplete.map { entry in
                .object([
                    ("provider", .string(entry.provider)),
                    ("resource", .string(entry.resource)),
                    ("kind", .string(entry.kind)),
                    ("reason", .string(entry.reason)),
                    ("advice", .string(entry.advice)),
                ])
            })),
        ])
    }

    static func json(_ action: PlannedAction) -> JSONValue {
        .object([
            ("id", .string(action.id)),
            ("kind", .string(action.type.rawValue)),
            ("operations", .array(action.operations.map { .string($0.rawValue) })),
            ("instance", .string(action.instance)),
            ("target", .string(action.target)),
            ("role", .string(action.role.rawValue)),
            ("summary", .string(action.summary)),
            ("reason", .string(action.reason)),
            ("parameters", .object(action.parameters.map { ($0.name, .string($0.value)) })),
            ("fixes", .array(action.fixes.map { .string($0.rawValue) })),
            ("findings", .array(action.findings.map(JSONValue.string))),
            ("depends_on", .array(action.dependsOn.map(JSONValue.string))),
            ("approval", .string(action.approval.rawValue)),
            ("impact", .string(action.impact.rawValue)),
            ("reversible", .bool(action.reversible)),
            ("disruptive", .bool(action.disruptive)),
            ("blocked_by", .array(action.blockedBy.map { .string($0.rawValue) })),
            ("runnable_now", .bool(action.runnableNow)),
            ("not_runnable_reason", optional(action.notRunnableReason)),
        ])
    }

    static func json(_ alert: Alert) -> JSONValue {
        .object([
            ("id", .string(alert.id)),
            ("rule", .string(alert.rule.rawValue)),
            ("severity", .string(alert.severity.rawValue)),
            ("instance", .string(alert.instance)),
            ("address", .string(alert.address)),
            ("cause", .string(alert.cause.rawValue)),
            ("message", .string(alert.message)),
        ])
    }

    static func json(_ finding: Finding) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(finding.id)),
            ("rule", .string(finding.rule.rawValue)),
            ("status", .string(finding.status.rawValue)),
            ("severity", .string(finding.severity.rawValue)),
            ("instance", .string(finding.instance)),
            ("address", .string(finding.address)),
            ("check", optional(finding.check)),
            ("desired", optional(finding.desired)),
            ("observed", optional(finding.observed)),
            ("message", .string(finding.message)),
            ("remedy", .string(remedyName(finding.remedy))),
            ("action", optional(finding.action)),
        ]
        if let reason = finding.unknownReason {
            pairs.append(("unknown_reason", .object([
                ("provider", optional(reason.provider)),
                ("kind", .string(reason.kind.rawValue)),
                ("message", .string(reason.message)),
                ("advice", .string(reason.advice)),
            ])))
        } else {
            pairs.append(("unknown_reason", .null))
        }
        return .object(pairs)
    }

    static func remedyName(_ remedy: Remedy) -> String {
        switch remedy {
        case .none: return "none"
        case .fix: return "action"
        case .alert: return "alert"
        case .report: return "report"
        case .block: return "block"
        }
    }

    static func json(_ scenario: ScenarioResult) -> JSONValue {
        .object([
            ("instance", .string(scenario.instance)),
            ("scenario", .string(scenario.scenario.description)),
            ("mechanism", optional(scenario.mechanism?.name)),
            ("rto_seconds", optional(scenario.rto?.seconds)),
            ("rpo_seconds", optional(scenario.rpo?.seconds)),
            ("objective", scenario.objective.map { objective in
                .object([("rto_seconds", optional(objective.rto?.seconds)), ("rpo_seconds", optional(objective.rpo?.seconds))])
            } ?? .null),
            ("verdict", .string(scenario.verdict.rawValue)),
            ("holds", scenario.holds.map(JSONValue.bool) ?? .null),
            ("considered", .array(scenario.considered.map { mechanism in
                .object([
                    ("name", .string(mechanism.name)),
                    ("status", .string(mechanism.status.rawValue)),
                    ("rto_seconds", optional(mechanism.rto?.seconds)),
                    ("rpo_seconds", optional(mechanism.rpo?.seconds)),
                    ("note", optional(mechanism.error.map { "\($0.briefDescription)" } ?? mechanism.note)),
                ])
            })),
        ])
    }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    private static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }
}
