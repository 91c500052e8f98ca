/// Runs every check that looks across the spec: references, and the semantic rules of
/// docs/spec.md ("Checks beyond types"). Each check is a function of the merged spec.
enum SpecValidator {
    static func validate(_ spec: Spec, sourceMap: SourceMap) -> [Diagnostic] {
        var report = ValidationReport(sourceMap: sourceMap)
        ReferenceChecks.run(spec, &report)
        RedundancyChecks.run(spec, &report)
        ObjectiveChecks.run(spec, &report)
        TransportChecks.run(spec, &report)
        PolicyChecks.run(spec, &report)
        return report.diagnostics
    }
}

/// Collects diagnostics about values by their spec path.
struct ValidationReport {
    let sourceMap: SourceMap
    private(set) var diagnostics: [Diagnostic] = []

    init(sourceMap: SourceMap) {
        self.sourceMap = sourceMap
    }

    /// True when the value at `path` decoded cleanly, so checks on it are meaningful.
    func isClean(_ path: @autoclosure () -> SpecPath) -> Bool {
        !sourceMap.hasDecodingErrors || !sourceMap.hasDecodingErrors(under: path())
    }

    mutating func error(_ code: DiagnosticCode, _ path: SpecPath, _ message: String, hint: String) {
        add(.error, code, path, message, hint: hint)
    }

    mutating func warning(_ code: DiagnosticCode, _ path: SpecPath, _ message: String, hint: String) {
        add(.warning, code, path, message, hint: hint)
    }

    private mutating func add(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ path: SpecPath,
                              _ message: String, hint: String) {
        let location = sourceMap.nearestLocation(path) ?? .file("<spec>")
        diagnostics.append(Diagnostic(severity, code, at: location, path: path.description, message, hint: hint))
    }
}
