import Foundation

/// An IANA time zone name (`Europe/Berlin`), checked against the system's zone database.
public struct TimeZoneName: Hashable, Sendable, CustomStringConvertible {
    public var identifier: String

    public init?(parsing identifier: String) {
        self.init(identifier)
    }

    public init?(_ identifier: String) {
        guard TimeZone(identifier: identifier) != nil else { return nil }
        self.identifier = identifier
    }

    public var timeZone: TimeZone { TimeZone(identifier: identifier)! }
    public var description: String { identifier }
}

extension TimeZoneName: ParsedScalarValue {
    public static let expectation = "a time zone name such as Europe/Berlin"
    public static let valueName = "a known time zone"

    public static func hint(forInvalid text: String) -> String {
        Suggestions.closest(to: text, in: TimeZone.knownTimeZoneIdentifiers).map { "did you mean \"\($0)\"?" }
            ?? "use an IANA name such as Europe/Berlin or UTC"
    }

    public static var schema: JSONValue { .object([("type", .string("string")), ("examples", .array([.string("Europe/Berlin"), .string("UTC")]))]) }
    public var json: JSONValue { .string(identifier) }
}
