/// A spec value whose `type` key decides which other keys it has (providers, alert
/// sinks). Conformers are enums with one case per type, each holding a `SpecObject`.
public protocol TaggedSpecValue: SpecValue {
    associatedtype Kind: SpecEnum
    /// The kind of this value.
    var kind: Kind { get }
    /// Reads the variant for `kind` from `node`, whose `type` key was read already.
    static func decode(_ kind: Kind, from node: YAMLNode, in context: DecodeContext) -> Self?
    /// The object schema of one variant (without the `type` key).
    static func variantSchema(_ kind: Kind) -> JSONValue
    /// The settings of this variant (an object without the `type` key).
    var settings: any SpecObject { get }
    /// One sentence for the schema description.
    static var summary: String { get }
}

extension TaggedSpecValue {
    /// The discriminating key.
    public static var tagKey: String { "type" }

    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Self? {
        guard node.mapping != nil else {
            context.typeMismatch(node, expected: "a mapping with a \"type\" key")
            return nil
        }
        guard let tagNode = node[tagKey] else {
            let allowed = Kind.allCases.map(\.rawValue)
            context.error(.missingKey, node, "missing the key \"type\"",
                          hint: "add \"type:\" with one of: \(allowed.joined(separator: ", "))")
            return nil
        }
        guard let kind = context.at(tagKey, { Kind.decode(from: tagNode, in: context) }) else { return nil }
        return decode(kind, from: node, in: context)
    }

    /// Decodes an object variant, ignoring the `type` key.
    public static func decodeVariant<Settings: SpecObject>(
        _: Settings.Type, from node: YAMLNode, in context: DecodeContext
    ) -> Settings? {
        Settings.decode(from: node, in: context, ignoring: tagKey)
    }

    /// The schema of one object variant, with its `type` constant added.
    public static func objectVariantSchema<Settings: SpecObject>(_: Settings.Type, kind: Kind) -> JSONValue {
        Settings.objectSchema(
            ignoring: [tagKey],
            extraProperties: [(tagKey, .object([("const", .string(kind.rawValue))]))])
    }

    public static var schema: JSONValue {
        let kinds = Kind.allCases.map { JSONValue.string($0.rawValue) }
        let branches = Kind.allCases.map { kind in
            JSONValue.object([
                ("if", .object([("properties", .object([(tagKey, .object([("const", .string(kind.rawValue))]))]))])),
                ("then", variantSchema(kind)),
            ])
        }
        return .object([
            ("description", .string(summary)),
            ("type", .string("object")),
            ("required", .array([.string(tagKey)])),
            ("properties", .object([(tagKey, .object([("enum", .array(kinds))]))])),
            ("allOf", .array(branches)),
        ])
    }

    /// The JSON form of the variant's settings (without the `type` key).
    public var settingsJSON: JSONValue { settings.json }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        settings.appendSecretReferences(to: &references)
    }

    /// True: some variant may hold one (each variant's own walk skips what cannot).
    public static var mayHoldSecrets: Bool { true }

    public var json: JSONValue {
        guard case .object(let pairs) = settingsJSON else { return settingsJSON }
        return .object([(Self.tagKey, .string(kind.rawValue))] + pairs)
    }
}
