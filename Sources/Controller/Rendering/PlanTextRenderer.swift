import Foundation
import Spec

/// The plan as Terraform users read one: a line per change with its symbol, grouped by
/// instance, alerts and unknowns below, the failure-scenario table, and a summary line.
/// Satisfied checks are only counted here (the JSON lists them).
public struct PlanTextRenderer: PlanView {
    /// ANSI colours; the caller decides (a TTY, no `--no-color`, no `NO_COLOR`).
    public var color: Bool
    /// At most this many instance names are listed on the "no drift" line.
    public var quietNamesLimit = 10
    /// Instances or scenario rows below this many are written on one core; more are split
    /// into as many pieces as there are cores.
    public var rowsPerPiece = 2_000

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ plan: Plan) -> String { String(decoding: renderBytes(plan), as: UTF8.self) }

    public func renderData(_ plan: Plan) -> Data { Data(renderBytes(plan)) }

    public func renderBytes(_ plan: Plan) -> [UInt8] { renderPieces(plan).joinedBytes() }

    public func renderPieces(_ plan: Plan) -> [[UInt8]] { text(plan).map(\.bytes) }

    /// The whole plan, in consecutive pieces: the parts written side by side stay apart.
    private func text(_ plan: Plan) -> [TextBuffer] {
        var pieces: [TextBuffer] = []
        var out = TextBuffer(capacity: 4_096)
        let style = Style(enabled: color)
        let summary = plan.summary
        out.write(style.bold("sfreconcile plan") + ": \(Count.of(plan.instances.count, "instance")), observed \(Human.time(plan.observedAt)), planned \(Human.time(plan.plannedAt))")
        if let revision = plan.revision { out.write(", revision \(revision)") }
        out.write("\n")
        out.write(style.dim("Symbols: + create  ~ change  - delete  x blocked  ! alert  ? unknown  i advice") + "\n")

        for error in plan.errors { out.write("\n" + style.red("Error: ") + error + "\n") }

        if !plan.incomplete.isEmpty { incompleteLines(plan.incomplete, style, into: &out) }

        // The instances' sections are independent: written in chunks on every core.
        let byInstance = PlanByInstance(plan)
        let sections = ConcurrentChunks.map(plan.instances.indices, minimumChunk: rowsPerPiece) { positions in
            var part = TextBuffer(capacity: positions.count * 200)
            var quiet: [(String, Int)] = []
            for position in positions {
                let instance = plan.instances[position]
                let group = byInstance[instance.name]
                if group.isQuiet {
                    quiet.append((instance.name, group.satisfied.count))
                } else {
                    instanceSection(instance, group, plan, style, into: &part)
                }
            }
            return (part, quiet)
        }
        pieces.append(out)
        out = TextBuffer(capacity: 4_096)
        var quiet: [(String, Int)] = []
        for section in sections {
            pieces.append(section.0)
            quiet += section.1
        }
        if !quiet.isEmpty {
            out.write("\n")
            if quiet.count <= quietNamesLimit {
                out.write(style.green("No drift: ") + quiet.map { "\($0.0) (\(Count.of($0.1, "check")) satisfied)" }.joined(separator: ", ") + "\n")
            } else {
                out.write(style.green("No drift in \(quiet.count) instances") + " (\(quiet.reduce(0) { $0 + $1.1 }) checks satisfied).\n")
            }
        }

        if !plan.scenarios.isEmpty {
            out.write("\n" + style.bold("Failure scenarios (as observed):") + "\n")
            scenarioTable(plan.scenarios, style, into: &out, &pieces)
        }

        out.write("\n")
        var line = summary.line
        if plan.errored { line += " Planning errors: \(plan.errors.count)." }
        out.write(style.bold(line) + "\n")
        if !plan.actions.isEmpty {
            let waiting = plan.actions.count - summary.runnableNow - summary.blocked
            var parts = ["\(summary.runnableNow) would run now"]
            if waiting > 0 { parts.append("\(waiting) wait for approval, a maintenance window or another action") }
            if summary.blocked > 0 { parts.append("\(summary.blocked) blocked") }
            out.write(parts.joined(separator: "; ") + ".\n")
        }
        pieces.append(out)
        return pieces
    }

    /// An instance's section: its actions, alerts, unknowns, advice and satisfied count.
    private func instanceSection(_ instance: PlanInstance, _ group: PlanByInstance.Group, _ plan: Plan, _ style: Style,
                                 into out: inout TextBuffer) {
        out.write("\n")
        out.begin("1", style)
        out.write(instance.name)
        out.end(style)
        if let description = instance.description { out.write(style.dim(" — \(description)")) }
        if instance.suspended { out.write(style.yellow(" (suspended: reported, not changed)")) }
        out.write("\n")
        for index in group.actions { actionLines(plan.actions[index], style, into: &out) }
        for index in group.alerts {
            let alert = plan.alerts[index]
            out.write("  ")
            switch alert.severity {
            case .critical: out.write(style.boldRed("!"))
            case .warning: out.write(style.yellow("!"))
            default: out.write("!")
            }
            out.write(" ")
            out.write(alert.severity.rawValue)
            out.write(" ")
            out.write(alert.rule.rawValue)
            out.write(": ")
            out.write(alert.message)
            out.write("\n")
        }
        for index in group.unknown {
            out.write("  ")
            out.write(style.cyan("?"))
            out.write(" ")
            out.write(plan.findings[index].rule.rawValue)
            out.write(" ")
            out.write(plan.findings[index].address)
            out.write(": ")
            out.write(plan.findings[index].message)
            out.write("\n")
        }
        for index in group.advice {
            out.write("  ")
            out.begin("2", style)
            out.write("i ")
            out.write(plan.findings[index].rule.rawValue)
            out.write(": ")
            out.write(plan.findings[index].message)
            out.end(style)
            out.write("\n")
        }
        out.begin("2", style)
        out.write("  ")
        out.write(group.satisfied.count)
        out.write(group.satisfied.count == 1 ? " check" : " checks")
        out.write(" satisfied.")
        out.end(style)
        out.write("\n")
    }

    /// "Not observed": the unobserved resources grouped by provider and reason.
    private func incompleteLines(_ incomplete: [IncompleteResource], _ style: Style, into out: inout TextBuffer) {
        out.write("\n" + style.bold(style.cyan("Not observed (plan incomplete):")) + "\n")
        var groups: [(key: String, entries: [IncompleteResource])] = []
        var positions: [String: Int] = [:]
        for entry in incomplete {
            let key = "\(entry.provider): \(entry.kind): \(entry.reason)"
            if let index = positions[key] {
                groups[index].entries.append(entry)
            } else {
                positions[key] = groups.count
                groups.append((key, [entry]))
            }
        }
        for group in groups {
            out.write("  " + style.cyan("?") + " \(group.key) (\(Count.of(group.entries.count, "resource")))\n")
            for entry in group.entries.prefix(5) { out.write("      \(entry.resource)\n") }
            if group.entries.count > 5 { out.write("      … and \(group.entries.count - 5) more\n") }
            if let advice = group.entries.first?.advice, !advice.isEmpty { out.write(style.dim("      hint: \(advice)") + "\n") }
        }
    }

    private func actionLines(_ action: PlannedAction, _ style: Style, into out: inout TextBuffer) {
        out.write("  ")
        switch action.symbol {
        case "+": out.write(style.green("+"))
        case "~": out.write(style.yellow("~"))
        case "-": out.write(style.red("-"))
        default: out.write(style.boldRed("x"))
        }
        out.write(" ")
        out.write(action.summary)
        out.write("  ")
        out.write(style.dim("(\(action.because))"))
        out.write("\n")
        var detail = action.traits
        detail += action.runnableNow ? "; runs now" : "; " + (action.notRunnableReason ?? "")
        if !action.dependsOn.isEmpty { detail += "; after " + action.dependsOn.joined(separator: ", ") }
        out.write(style.dim("      # " + detail))
        out.write("\n")
    }

    /// The scenario table, written cell by cell: column widths in a first pass, then the
    /// rows, without a string per cell (there are seven per scenario, 60,000 scenarios at
    /// 10,000 instances); both passes split the rows between the cores.
    private func scenarioTable(_ scenarios: [ScenarioResult], _ style: Style, into out: inout TextBuffer, _ pieces: inout [TextBuffer]) {
        let header: [StaticString] = ["INSTANCE", "SCENARIO", "MECHANISM", "RTO", "RPO", "OBJECTIVE", "RESULT"]
        var widths = header.map { $0.utf8CodeUnitCount }
        let chunkWidths = ConcurrentChunks.map(scenarios.indices, minimumChunk: rowsPerPiece) { rows in
            var objectives = ObjectiveCells()
            var widths = [Int](repeating: 0, count: header.count)
            for index in rows {
                let scenario = scenarios[index]
                widths[0] = Swift.max(widths[0], Self.width(scenario.instance))
                widths[1] = Swift.max(widths[1], Self.scenarioWidth(scenario.scenario))
                widths[2] = Swift.max(widths[2], Self.width(scenario.mechanismText))
                widths[3] = Swift.max(widths[3], Self.spanWidth(scenario, scenario.rto))
                widths[4] = Swift.max(widths[4], Self.spanWidth(scenario, scenario.rpo))
                widths[5] = Swift.max(widths[5], objectives.cell(scenario.objective).width)
                widths[6] = Swift.max(widths[6], scenario.verdictText.utf8.count)
            }
            return widths
        }
        for chunk in chunkWidths {
            for column in widths.indices { widths[column] = Swift.max(widths[column], chunk[column]) }
        }
        out.begin("2", style)
        out.write(" ")
        for (index, cell) in header.enumerated() {
            out.write(" ")
            out.write(cell)
            if index < header.count - 1 { out.spaces(widths[index] - cell.utf8CodeUnitCount) }
        }
        out.write("\n")
        out.end(style)
        let parts = ConcurrentChunks.map(scenarios.indices, minimumChunk: rowsPerPiece) { [widths] rows in
            var objectives = ObjectiveCells()
            var part = TextBuffer(capacity: rows.count * 100)
            for index in rows { Self.scenarioRow(scenarios[index], widths, style, &objectives, into: &part) }
            return part
        }
        pieces.append(out)
        pieces += parts
        out = TextBuffer(capacity: 4_096)
    }

    /// One row of the scenario table, its cells padded to `widths`.
    private static func scenarioRow(_ scenario: ScenarioResult, _ widths: [Int], _ style: Style, _ objectives: inout ObjectiveCells,
                                    into out: inout TextBuffer) {
        out.write("  ")
        out.write(scenario.instance)
        out.spaces(widths[0] - width(scenario.instance))
        out.write(" ")
        switch scenario.scenario {
        case .site(let name):
            out.write("site:")
            out.write(name)
        default: out.write(scenario.scenario.description)
        }
        out.spaces(widths[1] - scenarioWidth(scenario.scenario))
        out.write(" ")
        let mechanism = scenario.mechanismText
        out.write(mechanism)
        out.spaces(widths[2] - width(mechanism))
        out.write(" ")
        span(scenario, scenario.rto, into: &out)
        out.spaces(widths[3] - spanWidth(scenario, scenario.rto))
        out.write(" ")
        span(scenario, scenario.rpo, into: &out)
        out.spaces(widths[4] - spanWidth(scenario, scenario.rpo))
        out.write(" ")
        let objectiveCell = objectives.cell(scenario.objective)
        out.write(objectiveCell.text)
        out.spaces(widths[5] - objectiveCell.width)
        out.write(" ")
        switch scenario.verdict {
        case .holds: out.write(style.green("holds"))
        case .fails: out.write(style.boldRed("FAILS"))
        case .uncovered: out.write(style.boldRed("UNCOVERED"))
        case .unknown: out.write(style.cyan("unknown"))
        case .notJudged: out.write("not judged")
        }
        out.write("\n")
    }

    /// The OBJECTIVE cells met so far, each described once: a few distinct objectives
    /// serve 60,000 rows.
    private struct ObjectiveCells {
        private var known: [Objective: (text: String, width: Int)] = [:]

        mutating func cell(_ objective: Objective?) -> (text: String, width: Int) {
            guard let objective else { return ("-", 1) }
            if let cell = known[objective] { return cell }
            let text = ObjectiveRules.describe(objective)
            let cell = (text, PlanTextRenderer.width(text))
            known[objective] = cell
            return cell
        }
    }

    /// `spanText(span)` of `scenario`, written.
    private static func span(_ scenario: ScenarioResult, _ span: TimeSpan?, into out: inout TextBuffer) {
        guard scenario.hasWorkingMechanism else { return out.write("-") }
        guard let span else { return out.write("n/a") }
        out.age(span.seconds)
    }

    /// The width of `spanText(span)` of `scenario`.
    private static func spanWidth(_ scenario: ScenarioResult, _ span: TimeSpan?) -> Int {
        guard scenario.hasWorkingMechanism else { return 1 }
        return span.map { TextBuffer.ageWidth($0.seconds) } ?? 3
    }

    /// The width of `scenario.description`.
    private static func scenarioWidth(_ scenario: Scenario) -> Int {
        guard case .site(let name) = scenario else { return scenario.description.utf8.count }
        return isPlain(name) ? 5 + name.utf8.count : width(scenario.description)
    }
}

extension PlanTextRenderer {
    /// The characters `cell` takes in a column: its length in bytes when it is plain ASCII
    /// (nearly always: counting grapheme clusters, twice per cell, was most of the table's
    /// time at 10,000 instances), its `count` otherwise. A CR LF pair is one character.
    static func width(_ cell: String) -> Int {
        isPlain(cell) ? cell.utf8.count : cell.count
    }

    /// ASCII without CR: one byte is one character.
    static func isPlain(_ cell: String) -> Bool {
        cell.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }
}

/// ANSI styling that is a no-op when colour is off.
struct Style {
    var enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func boldRed(_ text: String) -> String { wrap("1;31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
}
