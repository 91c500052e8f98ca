/// Collects diagnostics and source locations while a spec document is decoded.
///
/// Decoding never stops at the first problem: each value that cannot be read is
/// reported here and decoding goes on, so one run lists every error.
public final class DecodeContext {
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var sourceMap = SourceMap()
    /// The value being decoded, as entered in `sourceMap`.
    private var current = SourceMap.PathID.root

    public init() {}

    /// A context for a document of about `expectedValues` values (room is made for their paths).
    init(expectedValues: Int) {
        sourceMap.reserveCapacity(expectedValues)
    }

    /// The path of the value being decoded; written out on demand (for diagnostics).
    public var path: SpecPath { sourceMap.path(current) }

    /// Runs `body` with `key` appended to the current path.
    public func at<T>(_ key: String, _ body: () -> T) -> T {
        let saved = current
        current = sourceMap.enter(key, below: saved)
        defer { current = saved }
        return body()
    }

    /// Runs `body` with a list index appended to the current path.
    public func at<T>(index: Int, _ body: () -> T) -> T {
        let saved = current
        current = sourceMap.enter(index: index, below: saved)
        defer { current = saved }
        return body()
    }

    /// Records that the value at the current path was read from `node`.
    public func record(_ node: YAMLNode) {
        sourceMap.record(current, node)
    }

    /// Reports an error about `node` at the current path.
    public func error(_ code: DiagnosticCode, _ node: YAMLNode, _ message: String, hint: String) {
        report(Diagnostic(.error, code, at: node.location, path: path.description, message, hint: hint))
    }

    /// Reports any diagnostic as is.
    public func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        if diagnostic.severity == .error { sourceMap.recordFailure(path) }
    }

    /// Reports that `node` is not of the expected kind.
    public func typeMismatch(_ node: YAMLNode, expected: String, hint: String? = nil) {
        error(.typeMismatch, node, "expected \(expected), found \(node.kindDescription)",
              hint: hint ?? "write \(expected) here (the keys and their forms are listed in docs/spec.md)")
    }
}
