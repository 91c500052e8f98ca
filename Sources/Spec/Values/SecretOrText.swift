/// A value that is often secret but may be plain (a webhook URL, an access key ID):
/// either literal text or a `SecretReference`. Literal values are shown; references are
/// resolved at use and redacted.
public enum SecretOrText: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case secret(SecretReference)

    /// The literal text, or the resolved secret.
    public func resolve(environment: [String: String]) throws(SecretReference.ResolutionError) -> SecretValue {
        switch self {
        case .text(let text): return SecretValue(text)
        case .secret(let reference): return try reference.resolve(environment: environment)
        }
    }

    public var description: String {
        switch self {
        case .text(let text): return text
        case .secret(let reference): return reference.description
        }
    }
}

extension SecretOrText: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> SecretOrText? {
        guard let scalar = node.requireScalar(context, expected: "a string or a secret reference") else { return nil }
        if let reference = SecretReference(parsing: scalar.value) { return .secret(reference) }
        if scalar.value.contains("${") {
            context.error(.invalidValue, node, "a secret reference must be the whole value",
                          hint: SecretReference.referenceHint)
            return nil
        }
        return .text(scalar.value)
    }

    public static var schema: JSONValue { .object([("type", .string("string"))]) }
    public var json: JSONValue { .string(description) }

    public static var mayHoldSecrets: Bool { true }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        if case .secret(let reference) = self { references.append(reference) }
    }
}
