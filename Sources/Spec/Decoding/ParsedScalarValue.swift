/// A value written as one scalar and parsed from its text (durations, versions, times of
/// day). Conformers say how to parse and how to advise; decoding is shared.
public protocol ParsedScalarValue: SpecValue {
    /// Parses the scalar's text; nil when it is not a valid value.
    init?(parsing text: String)
    /// What a value looks like, for "expected …" messages: "a duration such as 30s".
    static var expectation: String { get }
    /// The value's name in "\"x\" is not …" messages: "a duration".
    static var valueName: String { get }
    /// What to do about `text`, which did not parse.
    static func hint(forInvalid text: String) -> String
}

extension ParsedScalarValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Self? {
        guard let scalar = node.requireScalar(context, expected: expectation) else { return nil }
        if let value = Self(parsing: scalar.value) { return value }
        context.error(.invalidValue, node, "\"\(scalar.value)\" is not \(valueName)", hint: hint(forInvalid: scalar.value))
        return nil
    }
}
