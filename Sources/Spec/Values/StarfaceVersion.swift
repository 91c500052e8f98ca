/// A STARFACE release number of four parts (`8.1.0.11`), compared part by part as numbers.
public struct StarfaceVersion: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var parts: [Int]

    /// Parses exactly four dot-separated non-negative numbers.
    public init?(parsing text: String) {
        // Byte by byte: an estate holds a version per STARFACE system, 20,000 at 10,000 instances.
        var parts: [Int] = []
        parts.reserveCapacity(4)
        var value = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts.count < 3 else { return nil }
                parts.append(value)
                value = 0
                digits = 0
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        guard digits > 0, parts.count == 3 else { return nil }
        parts.append(value)
        self.parts = parts
    }

    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) { parts = [a, b, c, d] }

    public static func < (lhs: StarfaceVersion, rhs: StarfaceVersion) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public var description: String {
        var text = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { text += "." }
            text += String(part)
        }
        return text
    }

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
