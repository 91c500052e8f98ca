/// One problem found in a spec: where it is, what is wrong, and what to do about it.
///
/// Diagnostics are values; rendering them as compiler-style text, GitHub annotations
/// or JSON is the job of the CLI's renderers.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// Whether the problem makes the spec invalid.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    /// A stable identifier of the kind of problem (see docs/spec.md, "Diagnostics").
    public var code: DiagnosticCode
    public var location: SourceLocation
    /// The spec path of the offending value, e.g. `instances.pbx-main.geo[0].rpo`, where known.
    public var path: String?
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// A second location that belongs to the problem (the first definition of a duplicate).
    public var related: SourceLocation?

    public init(
        _ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation, path: String? = nil,
        _ message: String, hint: String? = nil, related: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.path = path
        self.message = message
        self.hint = hint
        self.related = related
    }

    /// Orders diagnostics as a reader expects: by file, then line, then column.
    public static func byPosition(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.location.file, a.location.line, a.location.column, a.message)
            < (b.location.file, b.location.line, b.location.column, b.message)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
