/// A STARFACE release number of four parts (`8.1.0.11`), compared part by part as numbers.
public struct StarfaceVersion: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var parts: [Int]

    /// Parses exactly four dot-separated non-negative numbers.
    public init?(parsing text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 4 else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 9, piece.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(piece)
            else { return nil }
            parts.append(value)
        }
        self.parts = parts
    }

    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) { parts = [a, b, c, d] }

    public static func < (lhs: StarfaceVersion, rhs: StarfaceVersion) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = StarfaceVersion(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\"\(text)\" is not a four-part STARFACE version"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension StarfaceVersion: ParsedScalarValue {
    public static let expectation = "a STARFACE version such as 8.1.0.11"
    public static let valueName = "a STARFACE version"

    public static func hint(forInvalid text: String) -> String {
        "STARFACE versions have four numeric parts, e.g. 8.1.0.11"
    }

    public static var schema: JSONValue {
        .object([("type", .string("string")), ("pattern", .string("^\\d+\\.\\d+\\.\\d+\\.\\d+$"))])
    }

    public var json: JSONValue { .string(description) }
}
