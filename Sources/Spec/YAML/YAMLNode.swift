/// A YAML node with the location it came from.
///
/// This is the composed form of one YAML document: aliases are resolved (they share
/// storage with their anchor), merge keys (`<<`) are applied, and every node knows
/// its `file:line:column` so that every later error can point at it.
public struct YAMLNode: Sendable {
    /// The three kinds of YAML node.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var location: SourceLocation
    /// Nodes in this subtree with every alias expanded; bounded by `YAMLLimits.maxNodes`.
    public var expandedSize: Int

    public init(_ content: Content, at location: SourceLocation, expandedSize: Int = 1) {
        self.content = content
        self.location = location
        self.expandedSize = expandedSize
    }

    /// The scalar's text, if this is a scalar.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The mapping's entries, if this is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A word for what this node is, for messages ("a mapping", "a list", "a string").
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.isNull { return "null" }
            return scalar.style == .plain ? "the value \"\(scalar.value.prefix(40))\"" : "a quoted string"
        }
    }

    /// The value for a plain-string key in a mapping node.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
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

/// The text of a scalar and how it was written, which decides its type:
/// `8` is a number, `"8"` a string.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
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
        switch value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// True when the author quoted or block-wrote the value, making it a string.
    public var isQuoted: Bool { style != .plain || tag == "tag:yaml.org,2002:str" }
}
