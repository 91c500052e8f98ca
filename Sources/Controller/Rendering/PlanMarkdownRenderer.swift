import Spec

/// The plan as pull-request comments, Atlantis style: a header with the summary, a
/// collapsible `<details>` per instance with its changes as a `diff` block, alerts and
/// unknowns, the checks that held, and the failure-scenario table. GitHub refuses comments
/// of 65,536 characters or more, so the output is split into parts, each below
/// `limit`, each starting with `<!-- sfreconcile plan part N of M -->` and a heading that
/// says "(part N of M)" when there is more than one.
public struct PlanMarkdownRenderer: PlanView {
    /// Most characters (UTF-16 code units, as GitHub counts) in one part.
    public var limit: Int

    public static let githubCommentLimit = 65_536

    public init(limit: Int = PlanMarkdownRenderer.githubCommentLimit - 1) {
        self.limit = limit
    }

    /// All parts, separated by a blank line; each part starts with its marker comment.
    public func render(_ plan: Plan) -> String {
        parts(plan).joined(separator: "\n")
    }

    /// Every part, each a complete comment below `limit`.
    public func parts(_ plan: Plan) -> [String] {
        let blocks = Self.blocks(plan)
        let title = Self.title(plan)
        // Room for the marker and heading, with up to six-digit part numbers.
        let headerRoom = ("<!-- sfreconcile plan part 999999 of 999999 -->\n## " + title + " (part 999999 of 999999)\n\n").utf16.count
        let budget = Swift.max(1_000, limit - headerRoom)
        var bodies: [String] = []
        var current = ""
        // Lengths are added up as pieces go in: counting a growing string's UTF-16 length
        // again for every piece was quadratic (seconds at 10,000 instances).
        var currentLength = 0
        func flush() {
            if !current.isEmpty { bodies.append(current) }
            current = ""
            currentLength = 0
        }
        for block in blocks {
            for piece in block.pieces(budget: budget) {
                let length = piece.utf16.count
                if currentLength + length > budget { flush() }
                current += piece
                currentLength += length
            }
        }
        flush()
        if bodies.isEmpty { bodies = [""] }
        let count = bodies.count
        return bodies.enumerated().map { index, body in
            let numbering = count > 1 ? " (part \(index + 1) of \(count))" : ""
            return "<!-- sfreconcile plan part \(index + 1) of \(count) -->\n## \(title)\(numbering)\n\n" + body
        }
    }

    static func title(_ plan: Plan) -> String {
        var title = "sfreconcile plan: " + plan.summary.counts
        if plan.errored { title += " Errored." }
        return escape(title)
    }

    // MARK: Blocks

    /// A run of markdown that is split, when too long, only between its units, repeating
    /// `open` (with "continued") and `close` around each piece.
    struct Block {
        var open: String
        var continued: String
        var units: [String]
        var close: String

        func pieces(budget: Int) -> [String] {
            let whole = open + units.joined() + close
            if whole.utf16.count <= budget { return [whole] }
            var pieces: [String] = []
            var body = ""
            var bodyLength = 0
            var first = true
            let frame = Swift.max(open.utf16.count, continued.utf16.count) + close.utf16.count
            for var unit in units {
                var length = unit.utf16.count
                if length + frame > budget {
                    unit = String(unit.prefix(Swift.max(0, budget - frame - 40))) + " … (truncated)\n"
                    length = unit.utf16.count
                }
                if bodyLength + length + frame > budget, !body.isEmpty {
                    pieces.append((first ? open : continued) + body + close)
                    first = false
                    body = ""
                    bodyLength = 0
                }
                body += unit
                bodyLength += length
            }
            if !body.isEmpty || first { pieces.append((first ? open : continued) + body + close) }
            return pieces
        }
    }

    static func blocks(_ plan: Plan) -> [Block] {
        var blocks: [Block] = []
        let summary = plan.summary
        var header = ""
        if !plan.complete {
            header += "> **Plan incomplete:** \(Count.of(summary.unknownResources, "resource")) could not be observed; checks that need them say *unknown*.\n\n"
        }
        for error in plan.errors { header += "> **Error:** \(escape(error))\n\n" }
        header += "Observed \(Human.time(plan.observedAt)) · planned \(Human.time(plan.plannedAt))"
        if let revision = plan.revision { header += " · revision `\(revision)`" }
        header += " · `\(plan.observedDigest)`\n\n"
        header += "| instances | create | change | delete | blocked | alerts | unknown resources | failing scenarios |\n"
        header += "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        header += "| \(summary.instances) | \(summary.toCreate) | \(summary.toUpdate) | \(summary.toDelete) | \(summary.blocked) | \(summary.alerts) | \(summary.unknownResources) | \(summary.scenariosFailing) |\n\n"
        if !plan.actions.isEmpty {
            header += "\(summary.runnableNow) of \(plan.actions.count) actions would run now"
            if plan.maintenance.hasWindows {
                header += plan.maintenance.isOpen ? " (a maintenance window is open)" : plan.maintenance.nextOpeningLocal.map { "; the next maintenance window opens \($0)" } ?? ""
            } else {
                header += "; no maintenance window is defined"
            }
            header += ".\n\n"
        }
        blocks.append(Block(open: header, continued: "", units: [], close: ""))

        if !plan.incomplete.isEmpty {
            blocks.append(Block(
                open: "<details><summary><b>Not observed</b> (\(plan.incomplete.count))</summary>\n\n| provider | resource | reason |\n|---|---|---|\n",
                continued: "<details><summary><b>Not observed</b> (continued)</summary>\n\n| provider | resource | reason |\n|---|---|---|\n",
                units: plan.incomplete.map { "| \(escape($0.provider)) | `\(code($0.resource))` | \(escape($0.kind)): \(escape($0.reason)) |\n" },
                close: "\n</details>\n\n"))
        }

        let byInstance = PlanByInstance(plan)
        var quiet: [String] = []
        for instance in plan.instances {
            let group = byInstance[instance.name]
            if group.isQuiet {
                quiet.append(instance.name)
            } else {
                let counts = PlanByInstance.counts(group, in: plan) ?? "advice only"
                var units: [String] = []
                if !group.actions.isEmpty {
                    let lines = group.actions.map { plan.actions[$0] }.map { action in
                        "\(action.symbol) \(code(action.summary)) (\(code(action.because)))\n#   \(code(action.traits)); "
                            + code(action.runnableNow ? "runs now" : action.notRunnableReason ?? "") + "\n"
                    }
                    // Fences of at most 50 actions, so a part boundary never cuts one.
                    for start in stride(from: 0, to: lines.count, by: 50) {
                        units.append("```diff\n" + lines[start..<Swift.min(lines.count, start + 50)].joined() + "```\n\n")
                    }
                }
                for alert in group.alerts.map({ plan.alerts[$0] }) {
                    units.append("- **\(alert.severity.rawValue)** \(alert.rule): \(escape(alert.message))\n")
                }
                if !group.alerts.isEmpty { units.append("\n") }
                for finding in group.unknown.map({ plan.findings[$0] }) {
                    units.append("- *unknown* \(finding.rule) `\(code(finding.address))`: \(escape(finding.message))\n")
                }
                for finding in group.advice.map({ plan.findings[$0] }) {
                    units.append("- *advice* \(finding.rule): \(escape(finding.message))\n")
                }
                var summaryLine = "<b>\(escape(instance.name))</b>"
                if let description = instance.description { summaryLine += " — " + escape(description) }
                summaryLine += ": \(counts)"
                if instance.suspended { summaryLine += " (suspended)" }
                blocks.append(Block(open: "<details><summary>\(summaryLine)</summary>\n\n",
                                    continued: "<details><summary><b>\(escape(instance.name))</b> (continued)</summary>\n\n",
                                    units: units, close: "\n</details>\n\n"))
            }
            if !group.satisfied.isEmpty {
                blocks.append(Block(
                    open: "<details><summary>\(escape(instance.name)): \(Count.of(group.satisfied.count, "check")) satisfied</summary>\n\n",
                    continued: "<details><summary>\(escape(instance.name)): checks satisfied (continued)</summary>\n\n",
                    units: group.satisfied.map { plan.findings[$0] }.map { "- \($0.rule) `\(code($0.address))`: \(escape($0.message))\n" },
                    close: "\n</details>\n\n"))
            }
        }
        if !quiet.isEmpty {
            let names = quiet.count <= 20 ? quiet.map { "`\($0)`" }.joined(separator: ", ") : "\(quiet.count) instances"
            blocks.append(Block(open: "No drift: \(names).\n\n", continued: "", units: [], close: ""))
        }

        if !plan.scenarios.isEmpty {
            let head = "| instance | scenario | mechanism | RTO | RPO | objective | result |\n|---|---|---|---:|---:|---|---|\n"
            blocks.append(Block(
                open: "<details><summary><b>Failure scenarios</b> (as observed; \(plan.summary.scenariosFailing) failing)</summary>\n\n" + head,
                continued: "<details><summary><b>Failure scenarios</b> (continued)</summary>\n\n" + head,
                units: plan.scenarios.map { s in
                    let result = s.verdict == .fails || s.verdict == .uncovered ? "**\(s.verdictText)**" : s.verdictText
                    return "| \(escape(s.instance)) | \(s.scenario) | \(escape(s.mechanismText)) | \(s.spanText(s.rto)) | \(s.spanText(s.rpo)) | \(escape(s.objectiveText)) | \(result) |\n"
                },
                close: "\n</details>\n\n"))
        }
        return blocks
    }

    /// Text safe in a table cell or list item: no pipes, newlines or HTML. A line break
    /// (LF, CR or CR LF) becomes one space.
    static func escape(_ text: String) -> String {
        // Byte by byte (every character replaced is ASCII); most text needs nothing.
        guard text.utf8.contains(where: needsEscaping) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "|"): out += [UInt8(ascii: "\\"), UInt8(ascii: "|")]
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case 0x0A where previous == 0x0D: break
            case 0x0A, 0x0D: out.append(UInt8(ascii: " "))
            default: out.append(byte)
            }
            previous = byte
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "|"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0A, 0x0D: return true
        default: return false
        }
    }

    /// Text safe inside a code span or fence: backticks become `'`, line feeds spaces.
    static func code(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "`") || $0 == 0x0A }) else { return text }
        let bytes = text.utf8.map { (byte: UInt8) -> UInt8 in
            switch byte {
            case UInt8(ascii: "`"): return UInt8(ascii: "'")
            case 0x0A: return UInt8(ascii: " ")
            default: return byte
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
