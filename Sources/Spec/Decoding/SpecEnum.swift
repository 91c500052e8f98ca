/// A closed set of words in the spec (`platform: vm`, `policy: equal`); a misspelling
/// gets "did you mean".
public protocol SpecEnum: SpecValue, CaseIterable, RawRepresentable, Hashable where RawValue == String {}

extension SpecEnum {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Self? {
        // The fast path first: the list of allowed words is built only for a message.
        if let scalar = node.scalar, !scalar.isNull, let value = Self(rawValue: scalar.value) { return value }
        let allowed = allCases.map(\.rawValue)
        guard let scalar = node.requireScalar(context, expected: "one of \(allowed.joined(separator: ", "))") else {
            return nil
        }
        context.error(.invalidValue, node, "\"\(scalar.value)\" is not a valid value here",
                      hint: Suggestions.hint(for: scalar.value, in: allowed, noun: "the value"))
        return nil
    }

    public static var schema: JSONValue {
        .object([("type", .string("string")), ("enum", .array(allCases.map { .string($0.rawValue) }))])
    }

    public var json: JSONValue { .string(rawValue) }
}
