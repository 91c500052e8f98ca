/// A type that can be read from a located YAML node and described as JSON Schema.
///
/// This one protocol is the single description of the spec format: decoding, the
/// `sfreconcile schema` output and docs all come from its conformances.
public protocol SpecValue: Sendable {
    /// Reads a value from `node`, reporting every problem to `context`.
    /// - Returns: the value, or nil when the node cannot be used at all.
    static func decode(from node: YAMLNode, in context: DecodeContext) -> Self?
    /// The JSON Schema of this value (draft-07 vocabulary).
    static var schema: JSONValue { get }
    /// This value as JSON, for schema defaults and machine-readable output.
    var json: JSONValue { get }
    /// Adds the secret references this value holds to `references`, in the order they are
    /// declared: what a redactor must resolve to know which text to remove. None by default.
    func appendSecretReferences(to references: inout [SecretReference])
    /// False when no value of this type can hold a secret reference, so a walk for them
    /// may skip it. False by default.
    static var mayHoldSecrets: Bool { get }
}

extension SpecValue {
    public func appendSecretReferences(to references: inout [SecretReference]) {}
    public static var mayHoldSecrets: Bool { false }
}

extension YAMLNode {
    /// The scalar, or nil after reporting a type mismatch (null counts as missing).
    func requireScalar(_ context: DecodeContext, expected: String) -> YAMLScalar? {
        guard let scalar, !scalar.isNull else {
            context.typeMismatch(self, expected: expected)
            return nil
        }
        return scalar
    }
}

extension String: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> String? {
        node.requireScalar(context, expected: "a string")?.value
    }

    public static var schema: JSONValue { .object([("type", .string("string"))]) }
    public var json: JSONValue { .string(self) }
}

extension Int: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Int? {
        guard let scalar = node.requireScalar(context, expected: "a whole number") else { return nil }
        if scalar.isQuoted {
            context.typeMismatch(node, expected: "a whole number", hint: "remove the quotes")
            return nil
        }
        let digits = scalar.value.utf8.contains(UInt8(ascii: "_")) ? scalar.value.replacingOccurrences(of: "_", with: "") : scalar.value
        guard let value = Int(digits) else {
            context.typeMismatch(node, expected: "a whole number")
            return nil
        }
        return value
    }

    public static var schema: JSONValue { .object([("type", .string("integer"))]) }
    public var json: JSONValue { .int(self) }
}

extension Bool: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Bool? {
        guard let scalar = node.requireScalar(context, expected: "true or false") else { return nil }
        switch (scalar.isQuoted, scalar.value) {
        case (false, "true"), (false, "True"), (false, "TRUE"): return true
        case (false, "false"), (false, "False"), (false, "FALSE"): return false
        default:
            context.typeMismatch(node, expected: "true or false",
                                 hint: "write true or false without quotes (yes/no/on/off are not booleans here)")
            return nil
        }
    }

    public static var schema: JSONValue { .object([("type", .string("boolean"))]) }
    public var json: JSONValue { .bool(self) }
}

extension Array: SpecValue where Element: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> [Element]? {
        guard let items = node.sequence else {
            if node.isNullScalar { return [] }
            context.typeMismatch(node, expected: "a list", hint: "write list items on lines starting with \"- \", or as [a, b]")
            return nil
        }
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            context.at(index: index) {
                if let value = Element.decode(from: item, in: context) {
                    context.record(item)
                    values.append(value)
                }
            }
        }
        return values
    }

    public static var schema: JSONValue { .object([("type", .string("array")), ("items", Element.schema)]) }
    public var json: JSONValue { .array(map(\.json)) }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        guard Element.mayHoldSecrets else { return }
        for element in self { element.appendSecretReferences(to: &references) }
    }

    public static var mayHoldSecrets: Bool { Element.mayHoldSecrets }
}
