/// A mapping from user-chosen names to values (`sites`, `providers`, `instances`),
/// kept in file order, each entry remembering where its name was written.
public struct NamedMap<Value: SpecValue>: SpecValue {
    /// One named entry.
    public struct Entry: Sendable {
        public var name: String
        public var value: Value
        /// Where the name was written, for duplicate-definition errors.
        public var location: SourceLocation
    }

    public private(set) var entries: [Entry] = []
    @usableFromInline var index: [String: Int] = [:]

    public init() {}

    /// Names must start with a letter or digit and hold only letters, digits, `-` and `_`,
    /// so they work as metric labels, resource addresses and file names.
    public static var namePattern: String { "^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$" }

    // The lookups are inlinable so that callers in other modules get them specialized for
    // their `Value`: unspecialized, each lookup copied the whole entry out through value
    // witnesses (2 % of a 10,000-instance plan).
    @inlinable
    public subscript(name: String) -> Value? {
        index[name].map { entries[$0].value }
    }

    /// What `body` makes of the value called `name` (nil when there is none), without
    /// copying the value out first as the subscript does.
    @inlinable
    public func withValue<Result>(named name: String, _ body: (Value) throws -> Result) rethrows -> Result? {
        guard let position = index[name] else { return nil }
        return try body(entries[position].value)
    }

    public var names: [String] { entries.map(\.name) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The entry called `name`, with its location.
    @inlinable
    public func entry(_ name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// Adds an entry; returns the existing one instead when the name is taken.
    @discardableResult
    public mutating func insert(_ entry: Entry) -> Entry? {
        if let existing = index[entry.name] { return entries[existing] }
        index[entry.name] = entries.count
        entries.append(entry)
        return nil
    }

    public static func decode(from node: YAMLNode, in context: DecodeContext) -> NamedMap? {
        guard let pairs = node.mapping else {
            if node.scalar?.isNull == true { return NamedMap() }
            context.typeMismatch(node, expected: "a mapping of names to definitions")
            return nil
        }
        var map = NamedMap()
        map.entries.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let name = pair.key.scalar?.value, !pair.key.scalar!.isNull else {
                context.error(.complexKey, pair.key, "names must be plain words, found \(pair.key.kindDescription)",
                              hint: "write a name followed by a colon, e.g. pbx-main:")
                continue
            }
            context.at(name) {
                guard isValidName(name) else {
                    context.error(.invalidValue, pair.key, "\"\(name)\" is not a valid name",
                                  hint: "use letters, digits, \"-\" and \"_\" (at most 63), starting with a letter or digit")
                    return
                }
                context.record(pair.value)
                if let value = Value.decode(from: pair.value, in: context) {
                    map.insert(Entry(name: name, value: value, location: pair.key.location))
                }
            }
        }
        return map
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else { return false }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
        return allowed(first) && name.unicodeScalars.allSatisfy { allowed($0) || $0 == "-" || $0 == "_" }
    }

    public static var schema: JSONValue {
        .object([
            ("type", .string("object")),
            ("propertyNames", .object([("pattern", .string(namePattern))])),
            ("additionalProperties", Value.schema),
        ])
    }

    public var json: JSONValue { .object(entries.map { ($0.name, $0.value.json) }) }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        guard Value.mayHoldSecrets else { return }
        for entry in entries { entry.value.appendSecretReferences(to: &references) }
    }

    public static var mayHoldSecrets: Bool { Value.mayHoldSecrets }
}
