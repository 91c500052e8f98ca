import Foundation
import Providers
import Spec

/// The plan as the versioned JSON document of docs/plan-json.md: keys in a fixed order,
/// times as ISO 8601 UTC, durations in whole seconds, optional values as `null`. Written
/// as it goes, without a tree in between.
public struct PlanJSONRenderer: PlanView {
    /// Findings or scenarios below this many are written on one core; more are split into
    /// as many pieces as there are cores.
    public var rowsPerPiece = 2_000

    public init() {}

    public func render(_ plan: Plan) -> String {
        String(decoding: renderBytes(plan), as: UTF8.self)
    }

    public func renderData(_ plan: Plan) -> Data {
        Data(renderBytes(plan))
    }

    public func renderBytes(_ plan: Plan) -> [UInt8] { renderPieces(plan).joinedBytes() }

    public func renderPieces(_ plan: Plan) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        render(plan) { pieces.append($0) }
        return pieces
    }

    /// The document to `sink` as it is written, findings and scenarios on every core: at
    /// 10,000 instances 147 MB, of which only a few rounds of findings or scenarios are
    /// held at once.
    public func render(_ plan: Plan, to sink: ([UInt8]) -> Void) {
        JSONStreamWriter.streaming(capacity: 2_000 + plan.actions.count * 1_200 + plan.alerts.count * 600, to: sink) { out in
            Self.write(plan, rowsPerPiece: rowsPerPiece, to: &out)
            out.newlineAtEnd()
        }
    }

    static func write(_ plan: Plan, rowsPerPiece: Int = 2_000, to out: inout JSONStreamWriter) {
        let summary = plan.summary
        out.beginObject()
        out.field("format_version", Plan.formatVersion)
        out.field("revision", plan.revision)
        out.field("observed_at", Human.time(plan.observedAt))
        out.field("planned_at", Human.time(plan.plannedAt))
        out.field("observed_digest", plan.observedDigest)
        out.field("complete", plan.complete)
        out.field("applyable", plan.applyable)
        out.field("errored", plan.errored)
        out.array("errors", plan.errors)
        out.key("summary")
        out.beginObject()
        out.field("instances", summary.instances)
        out.field("to_create", summary.toCreate)
        out.field("to_update", summary.toUpdate)
        out.field("to_delete", summary.toDelete)
        out.field("blocked", summary.blocked)
        out.field("runnable_now", summary.runnableNow)
        out.field("alerts", summary.alerts)
        out.field("critical_alerts", summary.criticalAlerts)
        out.field("findings_violated", summary.findingsViolated)
        out.field("findings_satisfied", summary.findingsSatisfied)
        out.field("findings_unknown", summary.findingsUnknown)
        out.field("unknown_resources", summary.unknownResources)
        out.field("scenarios_failing", summary.scenariosFailing)
        out.endObject()
        out.key("maintenance")
        out.beginObject()
        out.field("windows_defined", plan.maintenance.hasWindows)
        out.field("open_now", plan.maintenance.isOpen)
        out.field("next_opening", plan.maintenance.nextOpening.map(Human.time))
        out.field("next_opening_local", plan.maintenance.nextOpeningLocal)
        out.endObject()
        out.key("instances")
        out.beginArray()
        for instance in plan.instances {
            out.beginObject()
            out.field("name", instance.name)
            out.field("description", instance.description)
            out.field("suspended", instance.suspended)
            out.endObject()
        }
        out.endArray()
        out.key("actions")
        out.beginArray()
        for action in plan.actions { write(action, to: &out) }
        out.endArray()
        out.key("alerts")
        out.beginArray()
        for alert in plan.alerts { write(alert, to: &out) }
        out.endArray()
        out.key("findings")
        out.beginArray()
        // By index: iterating would copy every finding (a retain and a release per string).
        // About 520 bytes per finding and 600 per scenario at 10,000 instances.
        out.elements(plan.findings.indices, minimumChunk: rowsPerPiece, bytesPerElement: 560) { index, out in write(plan.findings[index], to: &out) }
        out.endArray()
        out.key("scenarios")
        out.beginArray()
        out.elements(plan.scenarios.indices, minimumChunk: rowsPerPiece, bytesPerElement: 640) { index, out in write(plan.scenarios[index], to: &out) }
        out.endArray()
        out.key("incomplete")
        out.beginArray()
        for entry in plan.incomplete {
            out.beginObject()
            out.field("provider", entry.provider)
            out.field("resource", entry.resource)
            out.field("kind", entry.kind)
            out.field("reason", entry.reason)
            out.field("advice", entry.advice)
            out.endObject()
        }
        out.endArray()
        out.endObject()
    }

    static func write(_ action: PlannedAction, to out: inout JSONStreamWriter) {
        out.beginObject()
        out.field("id", action.id)
        out.field("kind", action.type.rawValue)
        out.array("operations", action.operations.map(\.rawValue))
        out.field("instance", action.instance)
        out.field("target", action.target)
        out.field("role", action.role.rawValue)
        out.field("summary", action.summary)
        out.field("reason", action.reason)
        out.key("parameters")
        out.beginObject()
        for parameter in action.parameters {
            out.key(named: parameter.name)
            out.string(parameter.value)
        }
        out.endObject()
        out.array("fixes", action.fixes.map(\.rawValue))
        out.array("findings", action.findings)
        out.array("depends_on", action.dependsOn)
        out.field("approval", action.approval.rawValue)
        out.field("impact", action.impact.rawValue)
        out.field("reversible", action.reversible)
        out.field("disruptive", action.disruptive)
        out.array("blocked_by", action.blockedBy.map(\.rawValue))
        out.field("runnable_now", action.runnableNow)
        out.field("not_runnable_reason", action.notRunnableReason)
        out.endObject()
    }

    static func write(_ alert: Alert, to out: inout JSONStreamWriter) {
        out.beginObject()
        out.field("id", alert.id)
        out.field("rule", alert.rule.rawValue)
        out.field("severity", alert.severity.rawValue)
        out.field("instance", alert.instance)
        out.field("address", alert.address)
        out.field("cause", alert.cause.rawValue)
        out.field("message", alert.message)
        out.endObject()
    }

    static func write(_ finding: Finding, to out: inout JSONStreamWriter) {
        out.beginObject()
        // The id's parts as they are: `Finding.id` would build 150,000 strings here.
        out.key("id")
        out.beginString()
        out.stringPart(finding.instance)
        out.stringPart(":")
        out.stringPart(finding.rule.rawValue)
        out.stringPart(":")
        out.stringPart(finding.address)
        if let check = finding.check {
            out.stringPart(":")
            out.stringPart(check)
        }
        out.endString()
        out.field("rule", finding.rule.rawValue)
        out.field("status", finding.status.rawValue)
        out.field("severity", finding.severity.rawValue)
        out.field("instance", finding.instance)
        out.field("address", finding.address)
        out.field("check", finding.check)
        out.field("desired", finding.desired)
        out.field("observed", finding.observed)
        out.field("message", finding.message)
        out.field("remedy", remedyName(finding.remedy))
        out.field("action", finding.action)
        out.key("unknown_reason")
        if let reason = finding.unknownReason {
            out.beginObject()
            out.field("provider", reason.provider)
            out.field("kind", reason.kind.rawValue)
            out.field("message", reason.message)
            out.field("advice", reason.advice)
            out.endObject()
        } else {
            out.null()
        }
        out.endObject()
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

    static func write(_ scenario: ScenarioResult, to out: inout JSONStreamWriter) {
        out.beginObject()
        out.field("instance", scenario.instance)
        out.field("scenario", scenario.scenario.description)
        out.field("mechanism", scenario.mechanism?.name)
        out.field("rto_seconds", scenario.rto?.seconds)
        out.field("rpo_seconds", scenario.rpo?.seconds)
        out.key("objective")
        if let objective = scenario.objective {
            out.beginObject()
            out.field("rto_seconds", objective.rto?.seconds)
            out.field("rpo_seconds", objective.rpo?.seconds)
            out.endObject()
        } else {
            out.null()
        }
        out.field("verdict", scenario.verdict.rawValue)
        out.field("holds", scenario.holds)
        out.key("considered")
        out.beginArray()
        for mechanism in scenario.considered {
            out.beginObject()
            out.field("name", mechanism.name)
            out.field("status", mechanism.status.rawValue)
            out.field("rto_seconds", mechanism.rto?.seconds)
            out.field("rpo_seconds", mechanism.rpo?.seconds)
            out.field("note", mechanism.error.map(\.briefDescription) ?? mechanism.note)
            out.endObject()
        }
        out.endArray()
        out.endObject()
    }
}
