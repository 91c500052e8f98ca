import CYAML

/// Turns the bytes of one YAML file into located documents using libyaml's event
/// parser.
///
/// Composition is iterative (no recursion, so deep nesting cannot overflow the stack)
/// and budgeted: depth and alias expansion are bounded by `YAMLLimits`. Duplicate keys
/// are reported with both locations. Errors are returned as diagnostics, never thrown.
public struct YAMLComposer: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// The result of composing one file: its documents and what went wrong.
    public struct Result: Sendable {
        public var documents: [YAMLNode]
        public var diagnostics: [Diagnostic]
    }

    /// Composes every document in `bytes`; `file` names the file in locations.
    public func compose(_ bytes: [UInt8], file: String) -> Result {
        var run = CompositionRun(file: file, bytes: bytes, limits: limits)
        run.composeAll()
        return Result(documents: run.documents, diagnostics: run.diagnostics)
    }
}

/// A failure that ends composition of the file.
private struct CompositionFailure: Error {
    var diagnostic: Diagnostic
}

/// One pass over one file. Holds the libyaml parser and the stack of open collections.
private struct CompositionRun {
    let file: String
    let bytes: [UInt8]
    let limits: YAMLLimits
    private(set) var documentIDs: [Int32] = []
    var diagnostics: [Diagnostic] = []

    private var tree: YAMLTreeBuilder
    private var anchors: [String: Int32] = [:]
    private var stack: [OpenCollection] = []
    private var root: Int32?
    private let nodeBudget: Int

    init(file: String, bytes: [UInt8], limits: YAMLLimits) {
        self.file = file
        self.bytes = bytes
        self.limits = limits
        self.nodeBudget = limits.nodeBudget(forFileOf: bytes.count)
        self.tree = YAMLTreeBuilder(file: file, expectedBytes: bytes.count)
    }

    /// The documents composed, as nodes of the file's tree.
    var documents: [YAMLNode] {
        let built = tree.build()
        return documentIDs.map { YAMLNode(tree: built, id: $0) }
    }

    mutating func composeAll() {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(Diagnostic(.error, .fileUnreadable, at: .file(file), "libyaml could not start a parser (out of memory?)"))
            return
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    diagnostics.append(syntaxDiagnostic(parser))
                    return
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                do throws(CompositionFailure) {
                    try handle(event)
                } catch {
                    diagnostics.append(error.diagnostic)
                    return
                }
            }
        }
    }

    // MARK: Events

    private mutating func handle(_ event: yaml_event_t) throws(CompositionFailure) {
        let line = Int32(truncatingIfNeeded: event.start_mark.line + 1)
        let column = Int32(truncatingIfNeeded: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            if !anchors.isEmpty { anchors = [:] }
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            documentIDs.append(root ?? tree.addEmpty(line: line, column: column))
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let id = tree.addScalar(UnsafeBufferPointer(start: data.value, count: Int(data.length)),
                                    style: Self.style(data.style), tag: Self.string(data.tag), line: line, column: column)
            register(anchor: data.anchor, id)
            try attach(id)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let original = anchors[name] else {
                throw CompositionFailure(diagnostic: Diagnostic(
                    .error, .yamlSyntax, at: location(line, column), "alias \"*\(name)\" refers to no anchor",
                    hint: "define \"&\(name)\" before using \"*\(name)\""))
            }
            try attach(tree.addAlias(of: original, line: line, column: column))
        case YAML_SEQUENCE_START_EVENT:
            try open(.sequence, line: line, column: column, anchor: event.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT:
            try open(.mapping, line: line, column: column, anchor: event.data.mapping_start.anchor)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let collection = stack.removeLast()
            let id: Int32
            if collection.kind == .mapping {
                id = tree.closeMapping(from: collection.first, line: collection.line, column: collection.column,
                                       expandedSize: collection.expandedSize, diagnostics: &diagnostics)
            } else {
                id = tree.closeSequence(from: collection.first, line: collection.line, column: collection.column,
                                        expandedSize: collection.expandedSize)
            }
            if let anchor = collection.anchor { anchors[anchor] = id }
            try attach(id)
        default:
            break
        }
    }

    private mutating func open(_ kind: YAMLNode.Kind, line: Int32, column: Int32,
                               anchor: UnsafeMutablePointer<yaml_char_t>?) throws(CompositionFailure) {
        guard stack.count < limits.maxDepth else {
            throw CompositionFailure(diagnostic: Diagnostic(
                .error, .limitExceeded, at: location(line, column),
                "nesting is deeper than the limit of \(limits.maxDepth) levels",
                hint: "a spec needs fewer than ten levels; check for runaway brackets or indentation"))
        }
        stack.append(OpenCollection(kind: kind, line: line, column: column, anchor: Self.string(anchor),
                                    first: tree.pendingCount))
    }

    private mutating func attach(_ id: Int32) throws(CompositionFailure) {
        guard !stack.isEmpty else {
            root = id
            return
        }
        tree.appendPending(id)
        let top = stack.count - 1
        var size = stack[top].expandedSize &+ tree.records[Int(id)].expandedSize
        if size < 0 { size = .max }
        stack[top].expandedSize = size
        guard size <= nodeBudget else {
            throw CompositionFailure(diagnostic: Diagnostic(
                .error, .limitExceeded, at: tree.location(of: id),
                "document expands to more than \(nodeBudget) nodes (limit: \(limits.baseNodeBudget) plus one per byte of the file)",
                hint: "YAML aliases (*name) multiply what they refer to; use fewer or none"))
        }
    }

    private mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, _ id: Int32) {
        if let anchor = Self.string(anchor) { anchors[anchor] = id }
    }

    // MARK: Conversions

    private func location(_ line: Int32, _ column: Int32) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private func syntaxDiagnostic(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a line and column.
            return Diagnostic(.error, .notText, at: location(ofByte: Int(parser.problem_offset)), message,
                              hint: "spec files must be UTF-8 text without control characters; re-save the file as UTF-8")
        }
        let offset = Int(parser.problem_mark.index)
        let atTab = offset < bytes.count && bytes[offset] == UInt8(ascii: "\t")
        let hint: String
        if atTab {
            hint = "YAML does not allow tab characters for indentation; indent with spaces"
        } else if lineText(around: offset).contains("${") && message.contains("flow") {
            hint = "inside { } or [ ], quote secret references: password: \"${env:NAME}\""
        } else {
            hint = Self.hint(forProblem: problem)
        }
        return Diagnostic(.error, .yamlSyntax, at: location(parser.problem_mark), message, hint: hint)
    }

    /// The line and column of byte `offset`, columns counted in characters.
    private func location(ofByte offset: Int) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The text of the line holding byte `offset`.
    private func lineText(around offset: Int) -> String {
        guard !bytes.isEmpty else { return "" }
        let clamped = min(max(offset, 0), bytes.count - 1)
        var start = clamped, end = clamped
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func hint(forProblem problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value containing \": \" must be quoted, or a key is indented wrongly"
        }
        if problem.contains("did not find expected key") || problem.contains("block end") {
            return "check the indentation of this line against the lines above it"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("quoted scalar") {
            return "a quote or bracket opened earlier is never closed"
        }
        return "fix the YAML syntax at this position"
    }
}

/// A mapping or sequence whose end event has not arrived yet; its items are the
/// builder's pending ids from `first` on.
private struct OpenCollection {
    let kind: YAMLNode.Kind
    let line: Int32
    let column: Int32
    let anchor: String?
    let first: Int
    var expandedSize = 1
}
