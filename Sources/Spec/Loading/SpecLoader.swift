/// The outcome of loading a spec: the merged model, where each value came from, and
/// every problem found. The spec may be used only when `isValid`.
public struct SpecLoadResult: Sendable {
    public var spec: Spec
    public var sourceMap: SourceMap
    /// Errors and warnings, in file and line order.
    public var diagnostics: [Diagnostic]
    /// The files read, in order.
    public var files: [String]

    /// True when no diagnostic is an error.
    public var isValid: Bool { !diagnostics.containsErrors }
}

/// Loads a spec from its files: composes YAML, decodes each document, merges them and
/// runs every semantic check. Never throws and never stops at the first problem.
public struct SpecLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// Loads the spec at a file or directory path.
    public func load(path: String) -> SpecLoadResult {
        let (files, readDiagnostics) = SpecFileReader(limits: limits).read(path)
        var result = load(files)
        result.diagnostics = (readDiagnostics + result.diagnostics).sorted(by: Diagnostic.byPosition)
        return result
    }

    /// Loads a spec from files already in memory. Files are composed and decoded side by
    /// side (each is independent); their documents are merged in file order, so the result
    /// and the order of diagnostics do not depend on which file finished first.
    public func load(_ files: [SpecSourceFile]) -> SpecLoadResult {
        let loaded = SpecFileLoad.loadAll(files, limits: limits)
        var merger = SpecMerger()
        var diagnostics: [Diagnostic] = []
        for file in loaded {
            diagnostics += file.diagnostics
            for document in file.documents {
                if let decoded = document.decoded {
                    merger.add(decoded, keyLocations: document.keyLocations, sourceMap: document.sourceMap)
                }
                diagnostics += document.diagnostics
            }
        }
        diagnostics += merger.diagnostics
        diagnostics += SpecValidator.validate(merger.spec, sourceMap: merger.sourceMap)
        return SpecLoadResult(spec: merger.spec, sourceMap: merger.sourceMap,
                              diagnostics: diagnostics.sorted(by: Diagnostic.byPosition), files: files.map(\.path))
    }

    /// Checks `apiVersion` and decodes the rest of one document.
    static func decodeDocument(_ root: YAMLNode, in context: DecodeContext) -> SpecDocument? {
        guard root.mapping != nil else {
            context.typeMismatch(root, expected: "a mapping with apiVersion, sites, providers, instances …")
            return nil
        }
        let current = SpecDocument.currentAPIVersion
        if let versionNode = root["apiVersion"] {
            let written = versionNode.scalar?.value ?? ""
            guard written == current else {
                let hint: String
                if written.hasPrefix("sfreconcile/") {
                    hint = "this sfreconcile reads \(current) only; upgrade sfreconcile, or write the file in format \(current)"
                } else if Suggestions.closest(to: written, in: [current]) != nil {
                    hint = "did you mean \"\(current)\"?"
                } else {
                    hint = "this is not an sfreconcile spec; move it out of the spec directory, or set apiVersion: \(current)"
                }
                context.at("apiVersion") {
                    context.error(.apiVersion, versionNode, "unsupported apiVersion \"\(written.prefix(60))\"", hint: hint)
                }
                return nil
            }
        } else {
            context.error(.apiVersion, root, "the document has no apiVersion",
                          hint: "add \"apiVersion: \(current)\" as its first line")
        }
        var document = SpecDocument.decode(from: root, in: context, ignoring: "apiVersion")
        document?.apiVersion = current
        return document
    }
}
