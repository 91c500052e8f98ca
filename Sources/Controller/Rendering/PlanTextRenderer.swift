import Spec

/// The plan as Terraform users read one: a line per change with its symbol, grouped by
/// instance, alerts and unknowns below, the failure-scenario table, and a summary line.
/// Satisfied checks are only counted here (the JSON lists them).
public struct PlanTextRenderer: PlanView {
    /// ANSI colours; the caller decides (a TTY, no `--no-color`, no `NO_COLOR`).
    public var color: Bool
    /// At most this many instance names are listed on the "no drift" line.
    public var quietNamesLimit = 10

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ plan: Plan) -> String {
        var out = ""
        let style = Style(enabled: color)
        let summary = plan.summary
        out += style.bold("sfreconcile plan") + ": \(Count.of(plan.instances.count, "instance")), observed \(Human.time(plan.observedAt)), planned \(Human.time(plan.plannedAt))"
        if let revision = plan.revision { out += ", revision \(revision)" }
        out += "\n"
        out += style.dim("Symbols: + create  ~ change  - delete  x blocked  ! alert  ? unknown  i advice") + "\n"

        for error in plan.errors { out += "\n" + style.red("Error: ") + error + "\n" }

        if !plan.incomplete.isEmpty {
            out += "\n" + style.bold(style.cyan("Not observed (plan incomplete):")) + "\n"
            var groups: [(key: String, entries: [IncompleteResource])] = []
            for entry in plan.incomplete {
                let key = "\(entry.provider): \(entry.kind): \(entry.reason)"
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].entries.append(entry)
                } else {
                    groups.append((key, [entry]))
                }
            }
            for group in groups {
                out += "  " + style.cyan("?") + " \(group.key) (\(Count.of(group.entries.count, "resource")))\n"
                for entry in group.entries.prefix(5) { out += "      \(entry.resource)\n" }
                if group.entries.count > 5 { out += "      … and \(group.entries.count - 5) more\n" }
                if let advice = group.entries.first?.advice, !advice.isEmpty { out += style.dim("      hint: \(advice)") + "\n" }
            }
        }

        let byInstance = PlanByInstance(plan)
        var quiet: [(String, Int)] = []
        for instance in plan.instances {
            let group = byInstance[instance.name]
            if group.isQuiet {
                quiet.append((instance.name, group.satisfied.count))
                continue
            }
            var header = style.bold(instance.name)
            if let description = instance.description { header += style.dim(" — \(description)") }
            if instance.suspended { header += style.yellow(" (suspended: reported, not changed)") }
            out += "\n" + header + "\n"
            for index in group.actions { out += actionLines(plan.actions[index], style) }
            for index in group.alerts {
                let alert = plan.alerts[index]
                let symbol = alert.severity == .critical ? style.boldRed("!") : alert.severity == .warning ? style.yellow("!") : "!"
                out += "  \(symbol) \(alert.severity.rawValue) \(alert.rule): \(alert.message)\n"
            }
            for finding in group.unknown.map({ plan.findings[$0] }) {
                out += "  " + style.cyan("?") + " \(finding.rule) \(finding.address): \(finding.message)\n"
            }
            for finding in group.advice.map({ plan.findings[$0] }) {
                out += "  " + style.dim("i \(finding.rule): \(finding.message)") + "\n"
            }
            out += style.dim("  \(Count.of(group.satisfied.count, "check")) satisfied.") + "\n"
        }
        if !quiet.isEmpty {
            out += "\n"
            if quiet.count <= quietNamesLimit {
                out += style.green("No drift: ") + quiet.map { "\($0.0) (\(Count.of($0.1, "check")) satisfied)" }.joined(separator: ", ") + "\n"
            } else {
                out += style.green("No drift in \(quiet.count) instances") + " (\(quiet.reduce(0) { $0 + $1.1 }) checks satisfied).\n"
            }
        }

        if !plan.scenarios.isEmpty {
            out += "\n" + style.bold("Failure scenarios (as observed):") + "\n"
            out += scenarioTable(plan.scenarios, style)
        }

        out += "\n"
        var line = summary.line
        if plan.errored { line += " Planning errors: \(plan.errors.count)." }
        out += style.bold(line) + "\n"
        if !plan.actions.isEmpty {
            let waiting = plan.actions.count - summary.runnableNow - summary.blocked
            var parts = ["\(summary.runnableNow) would run now"]
            if waiting > 0 { parts.append("\(waiting) wait for approval, a maintenance window or another action") }
            if summary.blocked > 0 { parts.append("\(summary.blocked) blocked") }
            out += parts.joined(separator: "; ") + ".\n"
        }
        return out
    }

    private func actionLines(_ action: PlannedAction, _ style: Style) -> String {
        let symbol: String
        switch action.symbol {
        case "+": symbol = style.green("+")
        case "~": symbol = style.yellow("~")
        case "-": symbol = style.red("-")
        default: symbol = style.boldRed("x")
        }
        var text = "  \(symbol) \(action.summary)  " + style.dim("(\(action.because))") + "\n"
        var detail = action.traits
        detail += action.runnableNow ? "; runs now" : "; " + (action.notRunnableReason ?? "")
        if !action.dependsOn.isEmpty { detail += "; after " + action.dependsOn.joined(separator: ", ") }
        text += style.dim("      # " + detail) + "\n"
        return text
    }

    private func scenarioTable(_ scenarios: [ScenarioResult], _ style: Style) -> String {
        let header = ["INSTANCE", "SCENARIO", "MECHANISM", "RTO", "RPO", "OBJECTIVE", "RESULT"]
        var rows: [[String]] = []
        rows.reserveCapacity(scenarios.count)
        for scenario in scenarios {
            rows.append([scenario.instance, scenario.scenario.description, scenario.mechanismText, scenario.spanText(scenario.rto),
                         scenario.spanText(scenario.rpo), scenario.objectiveText, scenario.verdictText])
        }
        var widths = header.map(Self.width)
        for row in rows {
            for (index, cell) in row.enumerated() {
                let width = Self.width(cell)
                if width > widths[index] { widths[index] = width }
            }
        }
        func line(_ cells: [String], colorLast: Bool) -> String {
            var text = " "
            for (index, cell) in cells.enumerated() {
                text += " "
                guard index == cells.count - 1 else {
                    text += cell
                    text += String(repeating: " ", count: widths[index] - Self.width(cell))
                    continue
                }
                guard colorLast else {
                    text += cell
                    continue
                }
                switch cell {
                case "holds": text += style.green(cell)
                case "FAILS", "UNCOVERED": text += style.boldRed(cell)
                case "unknown": text += style.cyan(cell)
                default: text += cell
                }
            }
            return text + "\n"
        }
        var out = style.dim(line(header, colorLast: false))
        for row in rows { out += line(row, colorLast: true) }
        return out
    }
}

extension PlanTextRenderer {
    /// The characters `cell` takes in a column: its length in bytes when it is plain ASCII
    /// (nearly always: counting grapheme clusters, twice per cell, was most of the table's
    /// time at 10,000 instances), its `count` otherwise. A CR LF pair is one character.
    static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? cell.utf8.count : cell.count
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
