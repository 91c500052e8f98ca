/// One key of a spec object: its name, documentation, whether it is required, and how
/// its value is read into the model.
///
/// An object's list of fields is the only place a key is declared; decoding, unknown-key
/// detection and the JSON Schema are all derived from it.
public struct SpecField<Root>: Sendable {
    public let key: String
    public let doc: String
    public let isRequired: Bool
    let schema: @Sendable () -> JSONValue
    let decode: @Sendable (inout Root, YAMLNode, DecodeContext) -> Void
    let encode: @Sendable (Root) -> JSONValue?
    let appendSecretReferences: @Sendable (Root, inout [SecretReference]) -> Void
    /// False when the field's type can hold no secret reference (`SpecValue.mayHoldSecrets`).
    let mayHoldSecrets: Bool

    /// A key that must be present.
    public static func required<Value: SpecValue>(
        _ key: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, _ doc: String
    ) -> SpecField {
        SpecField(
            key: key, doc: doc, isRequired: true, schema: { describe(Value.schema, doc) },
            decode: { root, node, context in
                if let value = Value.decode(from: node, in: context) { root[keyPath: keyPath] = value }
            },
            encode: { $0[keyPath: keyPath].json },
            appendSecretReferences: { $0[keyPath: keyPath].appendSecretReferences(to: &$1) },
            mayHoldSecrets: Value.mayHoldSecrets)
    }

    /// A key that may be left out; the model holds nil then.
    public static func optional<Value: SpecValue>(
        _ key: String, _ keyPath: WritableKeyPath<Root, Value?> & Sendable, _ doc: String
    ) -> SpecField {
        SpecField(
            key: key, doc: doc, isRequired: false, schema: { describe(Value.schema, doc) },
            decode: { root, node, context in
                if node.scalar?.isNull == true { return }
                if let value = Value.decode(from: node, in: context) { root[keyPath: keyPath] = value }
            },
            encode: { $0[keyPath: keyPath]?.json },
            appendSecretReferences: { $0[keyPath: keyPath]?.appendSecretReferences(to: &$1) },
            mayHoldSecrets: Value.mayHoldSecrets)
    }

    /// A key that may be left out; the model then holds `defaultValue`, which the schema shows.
    public static func defaulted<Value: SpecValue>(
        _ key: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, _ defaultValue: Value, _ doc: String
    ) -> SpecField {
        let schema: @Sendable () -> JSONValue = {
            guard case .object(var pairs) = describe(Value.schema, doc) else { return Value.schema }
            pairs.append(("default", defaultValue.json))
            return .object(pairs)
        }
        return SpecField(
            key: key, doc: doc, isRequired: false, schema: schema,
            decode: { root, node, context in
                if node.scalar?.isNull == true { return }
                if let value = Value.decode(from: node, in: context) { root[keyPath: keyPath] = value }
            },
            encode: { $0[keyPath: keyPath].json },
            appendSecretReferences: { $0[keyPath: keyPath].appendSecretReferences(to: &$1) },
            mayHoldSecrets: Value.mayHoldSecrets)
    }

    /// The keys of `Inner` written at this object's own level rather than under a key of
    /// their own (a provider's `url`, `username`, `password` and `tls`, say), so a set of
    /// keys shared by several objects is declared once.
    public static func flattened<Inner: SpecObject>(_ keyPath: WritableKeyPath<Root, Inner> & Sendable) -> [SpecField] {
        Inner.fields.map { field in
            SpecField(
                key: field.key, doc: field.doc, isRequired: field.isRequired, schema: field.schema,
                decode: { root, node, context in field.decode(&root[keyPath: keyPath], node, context) },
                encode: { field.encode($0[keyPath: keyPath]) },
                appendSecretReferences: { field.appendSecretReferences($0[keyPath: keyPath], &$1) },
                mayHoldSecrets: field.mayHoldSecrets)
        }
    }

    private static func describe(_ schema: JSONValue, _ doc: String) -> JSONValue {
        guard case .object(let pairs) = schema else { return schema }
        return .object([("description", .string(doc))] + pairs.filter { $0.0 != "description" })
    }
}
