import Foundation
import Spec

/// How a plan is shown: chosen once, from `--format`, then handed the plan. Every view is
/// a function of the `Plan` value only (Terraform's views).
public protocol PlanView: Sendable {
    func render(_ plan: Plan) -> String
    /// The same output as UTF-8 bytes, for writing to a file or a pipe; views with large
    /// output produce them without going through a String.
    func renderData(_ plan: Plan) -> Data
    /// The same bytes as `renderData`, in an array: what a view with large output writes
    /// into, handed out without a copy (standard output takes them as they are).
    func renderBytes(_ plan: Plan) -> [UInt8]
    /// The same bytes as `renderBytes`, in consecutive pieces: what a view writes side by
    /// side on several cores, written out one piece after the other without putting them
    /// together first.
    func renderPieces(_ plan: Plan) -> [[UInt8]]
    /// The same bytes as `renderBytes`, handed to `sink` piece by piece, in order; a view
    /// with very large output (JSON) hands each piece over as soon as it is written and
    /// holds only a few at a time.
    func render(_ plan: Plan, to sink: ([UInt8]) -> Void)
}

extension PlanView {
    public func renderData(_ plan: Plan) -> Data { Data(render(plan).utf8) }
    public func renderBytes(_ plan: Plan) -> [UInt8] { Array(render(plan).utf8) }
    public func renderPieces(_ plan: Plan) -> [[UInt8]] { [renderBytes(plan)] }
    public func render(_ plan: Plan, to sink: ([UInt8]) -> Void) {
        for piece in renderPieces(plan) { sink(piece) }
    }
}

/// The formats `plan --format` offers.
public enum PlanOutputFormat: String, Sendable, CaseIterable {
    /// Terraform-style text for a terminal.
    case text
    /// The versioned JSON document of docs/plan-json.md.
    case json
    /// Markdown for a pull-request comment, split into parts below GitHub's limit.
    case markdown
}

extension PlanOutputFormat {
    /// The view for this format. `color` only affects text.
    public func view(color: Bool) -> any PlanView {
        switch self {
        case .text: return PlanTextRenderer(color: color)
        case .json: return PlanJSONRenderer()
        case .markdown: return PlanMarkdownRenderer()
        }
    }
}

/// A plan's parts grouped by instance, as the human views show them; the groups hold
/// positions in the plan's arrays, so grouping copies nothing.
struct PlanByInstance {
    struct Group {
        var actions: [Int] = []
        var alerts: [Int] = []
        var unknown: [Int] = []
        var advice: [Int] = []
        var satisfied: [Int] = []

        var isQuiet: Bool { actions.isEmpty && alerts.isEmpty && unknown.isEmpty && advice.isEmpty }
    }

    private var groups: [Group] = []
    private var positions: [String: Int] = [:]

    init(_ plan: Plan) {
        positions.reserveCapacity(plan.instances.count)
        // The plan lists an instance's parts together: the last group found is nearly always
        // the next one's too, and comparing two copies of one string is cheap.
        var last: (name: String, position: Int)?
        func group(_ instance: String) -> Int {
            if let last, last.name == instance { return last.position }
            let position: Int
            if let known = positions[instance] {
                position = known
            } else {
                position = groups.count
                positions[instance] = position
                groups.append(Group())
            }
            last = (instance, position)
            return position
        }
        for index in plan.actions.indices {
            let position = group(plan.actions[index].instance)
            groups[position].actions.append(index)
        }
        for index in plan.alerts.indices {
            let position = group(plan.alerts[index].instance)
            groups[position].alerts.append(index)
        }
        // By index and field: a whole `Finding` copied per finding is ten retains and releases.
        for index in plan.findings.indices {
            let position = group(plan.findings[index].instance)
            switch plan.findings[index].status {
            case .unknown: groups[position].unknown.append(index)
            case .satisfied: groups[position].satisfied.append(index)
            case .violated:
                if case .report = plan.findings[index].remedy { groups[position].advice.append(index) }
            }
        }
        for position in groups.indices where groups[position].alerts.count > 1 {
            groups[position].alerts.sort { a, b in
                let x = plan.alerts[a], y = plan.alerts[b]
                return x.severity != y.severity ? x.severity > y.severity : (x.rule != y.rule ? x.rule < y.rule : a < b)
            }
        }
    }

    subscript(instance: String) -> Group { positions[instance].map { groups[$0] } ?? Group() }

    /// `1 to create, 2 to change, 3 alerts`, or nil when nothing.
    static func counts(_ group: Group, in plan: Plan) -> String? {
        var parts: [String] = []
        var create = 0, update = 0, delete = 0, blocked = 0
        for index in group.actions {
            let action = plan.actions[index]
            if action.isBlocked {
                blocked += 1
                continue
            }
            switch action.type.operation {
            case .create: create += 1
            case .update: update += 1
            case .delete: delete += 1
            }
        }
        if create > 0 { parts.append("\(create) to create") }
        if update > 0 { parts.append("\(update) to change") }
        if delete > 0 { parts.append("\(delete) to delete") }
        if blocked > 0 { parts.append("\(blocked) blocked") }
        if !group.alerts.isEmpty { parts.append(Count.of(group.alerts.count, "alert")) }
        if !group.unknown.isEmpty { parts.append("\(group.unknown.count) unknown") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

extension PlannedAction {
    /// `+`, `~`, `-`, or `x` when blocked.
    var symbol: String {
        if isBlocked { return "x" }
        switch type.operation {
        case .create: return "+"
        case .update: return "~"
        case .delete: return "-"
        }
    }

    /// `SNP-1: 9d2h old > 3d`.
    var because: String {
        let rules = fixes.map(\.rawValue).joined(separator: ", ")
        return reason.isEmpty ? rules : rules + ": " + reason
    }

    /// `approve, degraded, irreversible`.
    var traits: String {
        "\(approval.rawValue), impact \(impact.rawValue), \(reversible ? "reversible" : "irreversible")"
    }
}

extension ScenarioResult {
    /// `holds`, `FAILS`, `UNCOVERED`, `unknown`, `not judged`.
    var verdictText: String {
        switch verdict {
        case .holds: return "holds"
        case .fails: return "FAILS"
        case .uncovered: return "UNCOVERED"
        case .unknown: return "unknown"
        case .notJudged: return "not judged"
        }
    }

    var objectiveText: String {
        objective.map(ObjectiveRules.describe) ?? "-"
    }

    var mechanismText: String {
        hasWorkingMechanism ? considered[0].name : (verdict == .unknown ? "unknown" : "none")
    }

    func spanText(_ span: TimeSpan?) -> String {
        guard hasWorkingMechanism else { return "-" }
        return span.map { Human.age($0.seconds) } ?? "n/a"
    }
}
