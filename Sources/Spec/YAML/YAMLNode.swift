/// A YAML node with the location it came from.
///
/// This is the composed form of one YAML document: aliases are resolved (they share
/// storage with their anchor), merge keys (`<<`) are applied, and every node knows
/// its `file:line:column` so that every later error can point at it.
///
/// A node is a handle on one record of its file's `YAMLTree`: composing a file costs a
/// few flat arrays instead of an array and a string per node, and a scalar's text
/// becomes a `String` only when it is read.
public struct YAMLNode: Sendable {
    /// The three kinds of YAML node.
    public enum Kind: UInt8, Sendable {
        case scalar, mapping, sequence
    }

    let tree: YAMLTree
    let id: Int32

    init(tree: YAMLTree, id: Int32) {
        self.tree = tree
        self.id = id
    }

    private var record: YAMLTree.Record { tree.records[Int(id)] }

    /// What kind of node this is.
    public var kind: Kind { record.kind }

    /// Where the node was written.
    public var location: SourceLocation {
        let record = record
        return SourceLocation(file: tree.file, line: Int(record.line), column: Int(record.column))
    }

    /// The 1-based line and column where the node was written.
    var lineAndColumn: (line: Int32, column: Int32) {
        let record = record
        return (record.line, record.column)
    }

    /// Nodes in this subtree with every alias expanded; bounded by `YAMLLimits`.
    public var expandedSize: Int { record.expandedSize }

    /// The scalar's text, if this is a scalar.
    public var scalar: YAMLScalar? {
        let record = record
        guard record.kind == .scalar else { return nil }
        return YAMLScalar(tree.text(of: record), style: record.style, tag: record.tag < 0 ? nil : tree.tags[Int(record.tag)])
    }

    /// True for a plain scalar spelling null (`~`, `null`, empty …); see `YAMLScalar.isNull`.
    /// Decided on the bytes, without making a string.
    public var isNullScalar: Bool {
        let record = record
        guard record.kind == .scalar, record.style == .plain, record.tag < 0 else { return false }
        return tree.withText(of: record, YAMLScalar.isNullSpelling)
    }

    /// The mapping's entries, if this is a mapping.
    public var mapping: YAMLMapping? {
        let record = record
        guard record.kind == .mapping else { return nil }
        return YAMLMapping(tree: tree, start: Int(record.start), count: Int(record.count) / 2)
    }

    /// The list's items, if this is a list.
    public var sequence: YAMLSequence? {
        let record = record
        guard record.kind == .sequence else { return nil }
        return YAMLSequence(tree: tree, start: Int(record.start), count: Int(record.count))
    }

    /// True when this is a scalar whose text is exactly `text` (compared as bytes).
    public func isScalar(_ text: String) -> Bool {
        let record = record
        guard record.kind == .scalar else { return false }
        return tree.withText(of: record) { bytes in YAMLScalar.sameText(bytes, text.utf8) }
    }

    /// A word for what this node is, for messages ("a mapping", "a list", "a string").
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return scalar?.kindDescription ?? "null"
        }
    }

    /// The value for a plain-string key in a mapping node.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.isScalar(key) }?.value
    }
}

/// A key/value entry of a YAML mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// The entries of a mapping node, in the order written (merged-in entries last).
public struct YAMLMapping: RandomAccessCollection, Sendable {
    let tree: YAMLTree
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLPair {
        let base = start + 2 * position
        return YAMLPair(key: YAMLNode(tree: tree, id: tree.children[base]),
                        value: YAMLNode(tree: tree, id: tree.children[base + 1]))
    }
}

/// The items of a list node.
public struct YAMLSequence: RandomAccessCollection, Sendable {
    let tree: YAMLTree
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLNode {
        YAMLNode(tree: tree, id: tree.children[start + position])
    }
}

/// The text of a scalar and how it was written, which decides its type:
/// `8` is a number, `"8"` a string.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: UInt8, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style
    /// An explicit tag such as `!!str`, if written.
    public var tag: String?

    public init(_ value: String, style: Style = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }

    /// True for `~`, `null`, `Null`, `NULL` and the empty plain scalar.
    public var isNull: Bool {
        guard style == .plain, tag == nil else { return false }
        var value = value
        return value.withUTF8(Self.isNullSpelling)
    }

    /// True when `bytes` spell null in plain style: nothing, `~`, `null`, `Null`, `NULL`.
    static func isNullSpelling(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes.count {
        case 0: return true
        case 1: return bytes[0] == UInt8(ascii: "~")
        case 4:
            return bytes.elementsEqual("null".utf8) || bytes.elementsEqual("Null".utf8) || bytes.elementsEqual("NULL".utf8)
        default: return false
        }
    }

    /// True when two scalar texts are the same string. Compares bytes; only text outside
    /// ASCII, where different bytes can spell equal strings, is compared as `String`s.
    static func sameText<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        if a.elementsEqual(b) { return true }
        if a.allSatisfy({ $0 < 0x80 }) && b.allSatisfy({ $0 < 0x80 }) { return false }
        return String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self)
    }

    /// "null", "the value \"…\"" or "a quoted string", for messages about a scalar.
    var kindDescription: String {
        if isNull { return "null" }
        return style == .plain ? "the value \"\(value.prefix(40))\"" : "a quoted string"
    }

    /// True when the author quoted or block-wrote the value, making it a string.
    public var isQuoted: Bool { style != .plain || tag == "tag:yaml.org,2002:str" }
}
