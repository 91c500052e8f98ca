import Spec

/// How `diff` prints a comparison.
public enum SpecDiffOutputFormat: String, Sendable, CaseIterable {
    /// For a terminal: one block per section, `+`/`-`/`~` per object.
    case text
    /// Machine-readable JSON (versioned by `format_version`).
    case json
    /// For a pull-request comment: a heading and a table.
    case markdown
}

/// Renders a ``SpecComparison``. A pure function of the comparison.
public enum SpecDiffRenderer {
    /// The version of the JSON document `render(_:as: .json)` produces.
    public static let jsonFormatVersion = "1.0"

    public static func render(_ comparison: SpecComparison, as format: SpecDiffOutputFormat) -> String {
        switch format {
        case .text: return text(comparison)
        case .json: return json(comparison).serialized() + "\n"
        case .markdown: return markdown(comparison)
        }
    }

    // MARK: text

    static func text(_ comparison: SpecComparison) -> String {
        let diff = comparison.diff
        var out = "spec changes from \(name(comparison.base)) to \(name(comparison.head))\(pathNote(comparison))\n"
        out += validityWarnings(comparison).map { "warning: \($0)\n" }.joined()
        guard !diff.isEmpty else { return out + "no changes\n" }
        for section in SpecDiff.Section.allCases {
            let changes = diff.changes(in: section)
            guard !changes.isEmpty else { continue }
            out += "\n\(section.rawValue)\n"
            for change in changes {
                out += "  \(symbol(change.kind)) \(change.name ?? section.rawValue)\(change.kind == .changed ? "" : " (\(change.kind.rawValue))")\n"
                for key in change.keys {
                    out += "      \(key.path): \(value(key.before)) → \(value(key.after))\n"
                }
                if section != .instances && !change.instances.isEmpty {
                    out += "      affects: \(change.instances.joined(separator: ", "))\n"
                }
                if !change.rules.isEmpty {
                    out += "      rules: \(SpecRuleImpact.compact(change.rules))\n"
                }
                if section == .policy {
                    out += "      note: changes which actions run by themselves and when\n"
                }
            }
        }
        out += "\nsummary: \(summary(diff))\n"
        return out
    }

    private static func symbol(_ kind: SpecDiff.ChangeKind) -> String {
        switch kind {
        case .added: return "+"
        case .removed: return "-"
        case .changed: return "~"
        }
    }

    /// `2 instances changed, 1 added; 1 provider changed; rules touched: GEO-1..3`.
    static func summary(_ diff: SpecDiff) -> String {
        var parts: [String] = []
        for section in SpecDiff.Section.allCases {
            let changes = diff.changes(in: section)
            guard !changes.isEmpty else { continue }
            if section == .objectives || section == .policy {
                parts.append("\(section.rawValue) changed")
                continue
            }
            let counts = [SpecDiff.ChangeKind.added, .changed, .removed].compactMap { kind -> String? in
                let count = changes.filter { $0.kind == kind }.count
                return count == 0 ? nil : "\(count) \(kind.rawValue)"
            }
            parts.append("\(section.rawValue): " + counts.joined(separator: ", "))
        }
        let rules = diff.rules
        return parts.joined(separator: "; ") + (rules.isEmpty ? "" : "; rules touched: \(SpecRuleImpact.compact(rules))")
    }

    private static func name(_ snapshot: SpecSnapshot) -> String {
        snapshot.revision?.description ?? snapshot.origin.description
    }

    private static func pathNote(_ comparison: SpecComparison) -> String {
        if case .git(_, _, let path) = comparison.head.origin, !path.isEmpty { return " (path \(path))" }
        return ""
    }

    private static func validityWarnings(_ comparison: SpecComparison) -> [String] {
        [("base", comparison.base), ("head", comparison.head)].compactMap { side, snapshot in
            let errors = snapshot.result.diagnostics.filter { $0.severity == .error }.count
            guard errors > 0 else { return nil }
            return "the \(side) spec (\(name(snapshot))) is invalid with \(errors) error\(errors == 1 ? "" : "s"); "
                + "the comparison covers what could be read — run sfreconcile validate for details"
        }
    }

    /// A value as one line: strings bare, other JSON compact, long values shortened.
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        let text: String
        if case .string(let string) = value { text = string } else { text = value.serialized(pretty: false) }
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }

    // MARK: JSON

    static func json(_ comparison: SpecComparison) -> JSONValue {
        let diff = comparison.diff
        return .object([
            ("format_version", .string(jsonFormatVersion)),
            ("base", side(comparison.base)),
            ("head", side(comparison.head)),
            ("changed", .bool(!diff.isEmpty)),
            ("changes", .array(diff.changes.map { change in
                .object([
                    ("section", .string(change.section.rawValue)),
                    ("name", change.name.map(JSONValue.string) ?? .null),
                    ("change", .string(change.kind.rawValue)),
                    ("keys", .array(change.keys.map { key in
                        .object([("path", .string(key.path)), ("before", key.before ?? .null), ("after", key.after ?? .null)])
                    })),
                    ("rules", .array(change.rules.map(JSONValue.string))),
                    ("instances", .array(change.instances.map(JSONValue.string))),
                ])
            })),
            ("summary", .object([
                ("rules", .array(diff.rules.map(JSONValue.string))),
                ("instances", .array(diff.instances.map(JSONValue.string))),
            ])),
        ])
    }

    private static func side(_ snapshot: SpecSnapshot) -> JSONValue {
        let errors = snapshot.result.diagnostics.filter { $0.severity == .error }.count
        var pairs: [(String, JSONValue)] = []
        switch snapshot.origin {
        case .directory(let path):
            pairs.append(("directory", .string(path)))
        case .git(let repository, let revision, let path):
            pairs += [("repository", .string(repository)), ("revision", .string(revision.description)), ("path", .string(path))]
        }
        pairs += [("valid", .bool(snapshot.result.isValid)), ("errors", .int(errors))]
        return .object(pairs)
    }

    // MARK: markdown

    static func markdown(_ comparison: SpecComparison) -> String {
        let diff = comparison.diff
        var out = "### sfreconcile: spec changes\n\n"
        out += "`\(name(comparison.base))` → `\(name(comparison.head))`\(pathNote(comparison))\n\n"
        out += validityWarnings(comparison).map { "> **Warning:** \($0)\n\n" }.joined()
        guard !diff.isEmpty else { return out + "No changes to the spec.\n" }
        out += "| | section | name | changed keys | rules |\n|---|---|---|---|---|\n"
        for change in diff.changes {
            let keys = change.keys.prefix(8).map { "`\(cell($0.path))`: \(cell(value($0.before))) → \(cell(value($0.after)))" }
                .joined(separator: "<br>") + (change.keys.count > 8 ? "<br>… \(change.keys.count - 8) more" : "")
            var rules = SpecRuleImpact.compact(change.rules)
            if change.section != .instances && !change.instances.isEmpty {
                rules += (rules.isEmpty ? "" : " ") + "(affects \(change.instances.joined(separator: ", ")))"
            }
            out += "| \(symbol(change.kind)) | \(change.section.rawValue) | \(cell(change.name ?? "")) | \(keys) | \(cell(rules)) |\n"
        }
        out += "\n**Summary:** \(summary(diff))\n"
        return out
    }

    /// Escapes a table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
