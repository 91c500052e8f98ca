import Spec

/// How `validate` prints its findings.
public enum ValidationOutputFormat: String, Sendable, CaseIterable {
    /// Compiler style, `file:line:col: error: …`, one hint line below.
    case text
    /// Machine-readable JSON (see docs/validate-json.md).
    case json
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    case github
}

/// Renders the result of loading a spec. A pure function of the load result.
public enum ValidationReportRenderer {
    /// The version of the JSON document `render(_:as: .json)` produces.
    public static let jsonFormatVersion = "1.0"

    public static func render(_ result: SpecLoadResult, as format: ValidationOutputFormat) -> String {
        switch format {
        case .text: return text(result)
        case .json: return json(result).serialized() + "\n"
        case .github: return github(result)
        }
    }

    // MARK: text

    static func text(_ result: SpecLoadResult) -> String {
        var out = ""
        for diagnostic in result.diagnostics {
            out += "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code.rawValue)]\n"
            if let hint = diagnostic.hint { out += "  hint: \(hint)\n" }
            if let related = diagnostic.related { out += "  note: see \(related)\n" }
        }
        out += summaryLine(result) + "\n"
        return out
    }

    static func summaryLine(_ result: SpecLoadResult) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        let files = plural(result.files.count, "file")
        if errors > 0 {
            return "invalid: \(plural(errors, "error")), \(plural(warnings, "warning")) in \(files)"
        }
        let spec = result.spec
        return "valid: \(files), \(plural(spec.instances.count, "instance")), \(plural(spec.providers.count, "provider")), "
            + "\(plural(spec.sites.count, "site")), \(plural(warnings, "warning"))"
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    // MARK: JSON

    static func json(_ result: SpecLoadResult) -> JSONValue {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        return .object([
            ("format_version", .string(jsonFormatVersion)),
            ("valid", .bool(result.isValid)),
            ("files", .array(result.files.map(JSONValue.string))),
            ("summary", .object([
                ("errors", .int(errors)),
                ("warnings", .int(result.diagnostics.count - errors)),
                ("instances", .int(result.spec.instances.count)),
                ("providers", .int(result.spec.providers.count)),
                ("sites", .int(result.spec.sites.count)),
            ])),
            ("diagnostics", .array(result.diagnostics.map(json))),
        ])
    }

    private static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("file", .string(diagnostic.location.file)),
            ("line", .int(diagnostic.location.line)),
            ("column", .int(diagnostic.location.column)),
            ("path", diagnostic.path.map(JSONValue.string) ?? .null),
            ("message", .string(diagnostic.message)),
            ("hint", diagnostic.hint.map(JSONValue.string) ?? .null),
        ]
        if let related = diagnostic.related {
            pairs.append(("related", .object([
                ("file", .string(related.file)), ("line", .int(related.line)), ("column", .int(related.column)),
            ])))
        }
        return .object(pairs)
    }

    // MARK: GitHub

    static func github(_ result: SpecLoadResult) -> String {
        var out = ""
        for diagnostic in result.diagnostics {
            let location = diagnostic.location
            let properties = "file=\(escapeProperty(location.file)),line=\(location.line),col=\(location.column),"
                + "title=\(escapeProperty("sfreconcile: \(diagnostic.code.rawValue)"))"
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            out += "::\(diagnostic.severity.rawValue) \(properties)::\(escapeData(message))\n"
        }
        out += summaryLine(result) + "\n"
        return out
    }

    /// Escapes a workflow command's message as the Actions runner expects.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a workflow command's property value.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
