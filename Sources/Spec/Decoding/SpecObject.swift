/// A mapping in the spec with a fixed set of keys (a site, an instance, a provider's
/// settings). Conformers list their keys once, in `fields`.
public protocol SpecObject: SpecValue {
    /// An instance holding every default, filled in by decoding.
    init()
    /// Every key this object accepts, in the order docs show them.
    static var fields: [SpecField<Self>] { get }
    /// One sentence saying what this object is for (the schema's description).
    static var summary: String { get }
    /// How messages name this object ("the vSphere provider"); derived from the type name by default.
    static var noun: String { get }
}

extension SpecObject {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> Self? {
        decode(from: node, in: context, ignoring: nil)
    }

    /// Decodes the mapping `node`, skipping `ignoredKey` (a discriminator read by the caller).
    static func decode(from node: YAMLNode, in context: DecodeContext, ignoring ignoredKey: String?) -> Self? {
        guard let pairs = node.mapping else {
            context.typeMismatch(node, expected: "a mapping of keys to values")
            return nil
        }
        var value = Self()
        let fields = Self.fields
        var seen = SeenFields(count: fields.count)
        for pair in pairs {
            guard let scalar = pair.key.scalar, !scalar.isNull else {
                context.error(.complexKey, pair.key, "keys must be plain words, found \(pair.key.kindDescription)",
                              hint: "write a key name followed by a colon, e.g. description: …")
                continue
            }
            let key = scalar.value
            if key == ignoredKey { continue }
            guard let position = fields.firstIndex(where: { $0.key == key }) else {
                let known = fields.map(\.key)
                context.at(key) {
                    context.error(.unknownKey, pair.key, "unknown key \"\(key)\" in \(Self.noun)",
                                  hint: Suggestions.hint(for: key, in: known, noun: "the key"))
                }
                continue
            }
            seen.insert(position)
            // Called in place: copying the field out would retain each of its closures.
            context.at(key) {
                context.record(pair.value)
                fields[position].decode(&value, pair.value, context)
            }
        }
        for (position, field) in fields.enumerated() where field.isRequired && !seen.contains(position) && field.key != ignoredKey {
            context.error(.missingKey, node, "\(Self.noun) is missing the required key \"\(field.key)\"",
                          hint: "add \"\(field.key):\" — \(field.doc)")
        }
        return value
    }

    /// The JSON Schema of this object, from `fields`.
    public static var schema: JSONValue { objectSchema(ignoring: []) }

    static func objectSchema(ignoring ignored: Set<String>, extraProperties: [(String, JSONValue)] = []) -> JSONValue {
        let fields = Self.fields.filter { !ignored.contains($0.key) }
        let required = fields.filter(\.isRequired).map { JSONValue.string($0.key) }
        var pairs: [(String, JSONValue)] = [
            ("description", .string(summary)),
            ("type", .string("object")),
            ("properties", .object(extraProperties + fields.map { ($0.key, $0.schema()) })),
            ("additionalProperties", .bool(false)),
        ]
        if !required.isEmpty { pairs.append(("required", .array(required))) }
        return .object(pairs)
    }

    /// How messages name this object: "the site", "the vSphere provider".
    public static var noun: String {
        let name = String(describing: Self.self)
        var words: [String] = []
        var current = ""
        for character in name {
            if character.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        words.append(current)
        return "the " + words.map { $0.allSatisfy(\.isUppercase) && $0.count > 1 ? $0 : $0.lowercased() }.joined(separator: " ")
    }

    /// This object as JSON, key by key in `fields` order; absent optionals are left out.
    public var json: JSONValue {
        .object(Self.fields.compactMap { field in field.encode(self).map { (field.key, $0) } })
    }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        for field in Self.fields where field.mayHoldSecrets { field.appendSecretReferences(self, &references) }
    }

    public static var mayHoldSecrets: Bool { fields.contains(where: \.mayHoldSecrets) }
}

/// Which of an object's fields were given: a bit per field, without an allocation for
/// objects of up to 64 fields (all of them, today).
private struct SeenFields {
    private var bits: UInt64 = 0
    private var overflow: [Bool]

    init(count: Int) {
        overflow = count > 64 ? [Bool](repeating: false, count: count) : []
    }

    mutating func insert(_ position: Int) {
        if position < 64 { bits |= 1 << UInt64(position) } else { overflow[position] = true }
    }

    func contains(_ position: Int) -> Bool {
        position < 64 ? bits & (1 << UInt64(position)) != 0 : overflow[position]
    }
}
