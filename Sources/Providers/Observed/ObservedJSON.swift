import Foundation

/// Reads and writes `ObservedEstate` as the JSON of docs/observed-json.md: keys sorted,
/// instants as ISO 8601 UTC text.
public enum ObservedJSON {
    /// The estate as JSON text (pretty-printed, keys sorted, a final newline).
    public static func encode(_ estate: ObservedEstate, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        var data = try encoder.encode(estate)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads an estate written by `encode`, or by hand in the same form.
    public static func decode(_ data: Data) throws -> ObservedEstate {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container,
                                                       debugDescription: "\"\(text)\" is not an ISO 8601 time such as 2026-01-31T12:00:00Z")
            }
            return date
        }
        return try decoder.decode(ObservedEstate.self, from: data)
    }
}
