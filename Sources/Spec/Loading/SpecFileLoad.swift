import Dispatch
import Synchronization

/// One spec file composed and decoded, before its documents are merged with the others.
struct SpecFileLoad: Sendable {
    /// One decoded document of the file.
    struct Document: Sendable {
        var decoded: SpecDocument?
        /// Where the document's top-level keys were written, for errors about sections set
        /// twice (kept instead of the node tree, which is freed once the file is decoded).
        var keyLocations: SpecMerger.KeyLocations
        var sourceMap: SourceMap
        var diagnostics: [Diagnostic]
    }

    /// Problems of the file as a whole (not text, YAML syntax, no spec in it).
    var diagnostics: [Diagnostic] = []
    var documents: [Document] = []

    /// Loads every file; files are independent, so up to one per core runs at a time.
    /// The results are in the order of `files`.
    static func loadAll(_ files: [SpecSourceFile], limits: YAMLLimits) -> [SpecFileLoad] {
        guard files.count > 1 else { return files.map { load($0, limits: limits) } }
        let slots = Slots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            slots.store(load(files[position], limits: limits), at: position)
        }
        return slots.results()
    }

    /// Composes and decodes one file.
    static func load(_ file: SpecSourceFile, limits: YAMLLimits) -> SpecFileLoad {
        var result = SpecFileLoad()
        if let problem = textProblem(file) {
            result.diagnostics.append(problem)
            return result
        }
        let composed = YAMLComposer(limits: limits).compose(file.bytes, file: file.path)
        result.diagnostics = composed.diagnostics
        let documents = composed.documents.filter { !isBlank($0) }
        if documents.isEmpty && composed.diagnostics.isEmpty {
            result.diagnostics.append(Diagnostic(.error, .emptyDocument, at: .file(file.path), "the file holds no spec",
                                                 hint: "start it with apiVersion: \(SpecDocument.currentAPIVersion), or remove it"))
        }
        for root in documents {
            let context = DecodeContext(expectedValues: root.tree.records.count / 2)
            let decoded = SpecLoader.decodeDocument(root, in: context)
            result.documents.append(Document(decoded: decoded, keyLocations: SpecMerger.KeyLocations(root),
                                             sourceMap: context.sourceMap, diagnostics: context.diagnostics))
        }
        return result
    }

    /// A document that is only `---` or only comments.
    private static func isBlank(_ node: YAMLNode) -> Bool {
        node.isNullScalar
    }

    /// Rejects files that are clearly not text before libyaml sees them.
    private static func textProblem(_ file: SpecSourceFile) -> Diagnostic? {
        let head = file.bytes.prefix(8192)
        if let nul = head.firstIndex(of: 0) {
            let isUTF16 = file.bytes.starts(with: [0xFF, 0xFE]) || file.bytes.starts(with: [0xFE, 0xFF])
            if !isUTF16 {
                let line = head[..<nul].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                return Diagnostic(.error, .notText, at: SourceLocation(file: file.path, line: line, column: 1),
                                  "the file is binary, not YAML (it contains NUL bytes)",
                                  hint: "spec files must be UTF-8 text; check that the right file is named")
            }
        }
        return nil
    }

    /// The results of loads running side by side, one slot per file.
    private final class Slots: Sendable {
        private let slots: Mutex<[SpecFileLoad?]>

        init(count: Int) {
            slots = Mutex([SpecFileLoad?](repeating: nil, count: count))
        }

        func store(_ load: SpecFileLoad, at position: Int) {
            slots.withLock { $0[position] = load }
        }

        func results() -> [SpecFileLoad] {
            slots.withLock { $0.map { $0 ?? SpecFileLoad() } }
        }
    }
}
