import Dispatch
import Synchronization

/// Runs every check that looks across the spec: references, and the semantic rules of
/// docs/spec.md ("Checks beyond types"). Each check is a function of the merged spec.
enum SpecValidator {
    /// The check families, in the order their diagnostics are listed.
    private static let families: [@Sendable (Spec, inout ValidationReport) -> Void] = [
        ReferenceChecks.run, RedundancyChecks.run, ObjectiveChecks.run, TransportChecks.run, PolicyChecks.run,
    ]

    /// Every family's diagnostics. The families are independent: they run side by side
    /// (on a spec of 10,000 instances each takes tens of milliseconds), and their
    /// diagnostics are put together in family order.
    static func validate(_ spec: Spec, sourceMap: SourceMap) -> [Diagnostic] {
        let found = Mutex<[[Diagnostic]]>(Array(repeating: [], count: families.count))
        DispatchQueue.concurrentPerform(iterations: families.count) { family in
            var report = ValidationReport(sourceMap: sourceMap)
            families[family](spec, &report)
            let diagnostics = report.diagnostics
            found.withLock { $0[family] = diagnostics }
        }
        return found.withLock { $0.flatMap { $0 } }
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
