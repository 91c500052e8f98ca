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
    var documents: [YAMLNode] = []
    var diagnostics: [Diagnostic] = []

    private var anchors: [String: YAMLNode] = [:]
    private var stack: [OpenCollection] = []
    private var root: YAMLNode?
    private let nodeBudget: Int

    init(file: String, bytes: [UInt8], limits: YAMLLimits) {
        self.file = file
        self.bytes = bytes
        self.limits = limits
        self.nodeBudget = limits.nodeBudget(forFileOf: bytes.count)
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
        let location = self.location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root {
                documents.append(root)
            } else {
                documents.append(YAMLNode(.scalar(YAMLScalar("")), at: location))
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: Int(data.length)), as: UTF8.self)
            let scalar = YAMLScalar(value, style: Self.style(data.style), tag: Self.string(data.tag))
            let node = YAMLNode(.scalar(scalar), at: location)
            register(anchor: Self.string(data.anchor), node)
            try attach(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard var node = anchors[name] else {
                throw CompositionFailure(diagnostic: Diagnostic(
                    .error, .yamlSyntax, at: location, "alias \"*\(name)\" refers to no anchor",
                    hint: "define \"&\(name)\" before using \"*\(name)\""))
            }
            node.location = location
            try attach(node)
        case YAML_SEQUENCE_START_EVENT:
            try open(OpenCollection(kind: .sequence, location: location, anchor: Self.string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            try open(OpenCollection(kind: .mapping, location: location, anchor: Self.string(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let collection = stack.removeLast()
            let node = try collection.close(diagnostics: &diagnostics)
            register(anchor: collection.anchor, node)
            try attach(node)
        default:
            break
        }
    }

    private mutating func open(_ collection: OpenCollection) throws(CompositionFailure) {
        guard stack.count < limits.maxDepth else {
            throw CompositionFailure(diagnostic: Diagnostic(
                .error, .limitExceeded, at: collection.location,
                "nesting is deeper than the limit of \(limits.maxDepth) levels",
                hint: "a spec needs fewer than ten levels; check for runaway brackets or indentation"))
        }
        stack.append(collection)
    }

    private mutating func attach(_ node: YAMLNode) throws(CompositionFailure) {
        guard var top = stack.popLast() else {
            root = node
            return
        }
        top.append(node)
        guard top.expandedSize <= nodeBudget else {
            throw CompositionFailure(diagnostic: Diagnostic(
                .error, .limitExceeded, at: node.location,
                "document expands to more than \(nodeBudget) nodes (limit: \(limits.baseNodeBudget) plus one per byte of the file)",
                hint: "YAML aliases (*name) multiply what they refer to; use fewer or none"))
        }
        stack.append(top)
    }

    private mutating func register(anchor: String?, _ node: YAMLNode) {
        if let anchor { anchors[anchor] = node }
    }

    // MARK: Conversions

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

/// A mapping or sequence whose end event has not arrived yet.
private struct OpenCollection {
    enum Kind { case mapping, sequence }

    let kind: Kind
    let location: SourceLocation
    let anchor: String?
    var items: [YAMLNode] = []
    var expandedSize = 1

    init(kind: Kind, location: SourceLocation, anchor: String?) {
        self.kind = kind
        self.location = location
        self.anchor = anchor
    }

    mutating func append(_ node: YAMLNode) {
        items.append(node)
        expandedSize = expandedSize &+ node.expandedSize
        if expandedSize < 0 { expandedSize = .max }
    }

    /// Builds the node; for mappings, checks duplicate keys and applies `<<` merge keys.
    func close(diagnostics: inout [Diagnostic]) throws(CompositionFailure) -> YAMLNode {
        guard kind == .mapping else {
            return YAMLNode(.sequence(items), at: location, expandedSize: expandedSize)
        }
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(items.count / 2)
        var merged: [YAMLPair] = []
        // Keys seen so far: a small mapping (nearly all of them) is searched in place; a
        // large one (`instances:`) gets an index, so neither costs a dictionary per node.
        var keys = KeyIndex(indexed: items.count > 32)
        for index in stride(from: 0, to: items.count - 1, by: 2) {
            let pair = YAMLPair(key: items[index], value: items[index + 1])
            if let key = pair.key.scalar, key.style == .plain, key.value == "<<" {
                merged.append(contentsOf: Self.mergeSources(pair.value, diagnostics: &diagnostics))
                continue
            }
            if let key = pair.key.scalar?.value {
                if let first = keys.first(key, in: pairs) {
                    diagnostics.append(Diagnostic(
                        .error, .duplicateKey, at: pair.key.location, "duplicate key \"\(key)\" in this mapping",
                        hint: "each key may appear once; the first \"\(key)\" is at line \(first.line), column \(first.column) — merge the two or rename one",
                        related: first))
                    continue
                }
                keys.add(key, at: pair.key.location)
            }
            pairs.append(pair)
        }
        for pair in merged {
            if let key = pair.key.scalar?.value, keys.first(key, in: pairs) == nil {
                keys.add(key, at: pair.key.location)
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), at: location, expandedSize: expandedSize)
    }

    /// The pairs a merge key (`<<: *defaults` or `<<: [*a, *b]`) brings in.
    private static func mergeSources(_ value: YAMLNode, diagnostics: inout [Diagnostic]) -> [YAMLPair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let nodes):
            return nodes.flatMap { mergeSources($0, diagnostics: &diagnostics) }
        case .scalar:
            diagnostics.append(Diagnostic(
                .error, .typeMismatch, at: value.location, "a merge key (<<) needs a mapping, found \(value.kindDescription)",
                hint: "write \"<<: *anchor\" where the anchor names a mapping"))
            return []
        }
    }
}

/// Where each plain key of a mapping was first written, for duplicate-key errors.
private struct KeyIndex {
    private var index: [String: SourceLocation]?

    init(indexed: Bool) {
        index = indexed ? [:] : nil
    }

    /// The location of `key` among `pairs` (the pairs kept so far), if it is there.
    func first(_ key: String, in pairs: [YAMLPair]) -> SourceLocation? {
        if let index { return index[key] }
        return pairs.first { $0.key.scalar?.value == key }?.key.location
    }

    mutating func add(_ key: String, at location: SourceLocation) {
        index?[key] = location
    }
}
