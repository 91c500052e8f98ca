import Foundation

/// An IANA time zone name (`Europe/Berlin`), checked against the system's zone database.
public struct TimeZoneName: Hashable, Sendable, CustomStringConvertible {
    public var identifier: String

    public init?(_ identifier: String) {
        guard TimeZone(identifier: identifier) != nil else { return nil }
        self.identifier = identifier
    }

    public var timeZone: TimeZone { TimeZone(identifier: identifier)! }
    public var description: String { identifier }
}

extension TimeZoneName: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> TimeZoneName? {
        guard let scalar = node.requireScalar(context, expected: "a time zone name such as Europe/Berlin") else { return nil }
        if let zone = TimeZoneName(scalar.value) { return zone }
        let known = TimeZone.knownTimeZoneIdentifiers
        context.error(.invalidValue, node, "\"\(scalar.value)\" is not a known time zone",
                      hint: Suggestions.closest(to: scalar.value, in: known).map { "did you mean \"\($0)\"?" }
                        ?? "use an IANA name such as Europe/Berlin or UTC")
        return nil
    }

    public static var schema: JSONValue { .object([("type", .string("string")), ("examples", .array([.string("Europe/Berlin"), .string("UTC")]))]) }
    public var json: JSONValue { .string(identifier) }
}
