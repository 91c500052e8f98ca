import Foundation

/// Reads and writes `ObservedEstate` as the JSON of docs/observed-json.md: keys in the
/// order of each type's `CodingKeys` (dictionaries sorted), instants as ISO 8601 UTC text.
public enum ObservedJSON {
    /// The estate as JSON text (pretty-printed unless `pretty` is false, a final newline).
    /// Written by `StreamingJSONEncoder`, without an intermediate tree.
    public static func encode(_ estate: ObservedEstate, pretty: Bool = true) throws -> Data {
        var bytes = try StreamingJSONEncoder(pretty: pretty).encode(estate)
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    /// Writes the estate to `handle` as it is encoded, without holding the whole text.
    public static func write(_ estate: ObservedEstate, to handle: FileHandle, pretty: Bool = true) throws {
        try StreamingJSONEncoder(pretty: pretty).encode(estate) { try handle.write(contentsOf: $0) }
        try handle.write(contentsOf: [UInt8(ascii: "\n")])
    }

    /// Writes the estate to the file at `path`, replacing it only once complete: the text
    /// goes to a temporary file beside it, which is then renamed.
    public static func write(_ estate: ObservedEstate, toFile path: String, pretty: Bool = true) throws {
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try write(estate, to: handle, pretty: pretty)
            try handle.synchronize()
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Reads an estate written by `encode`, or by hand in the same form.
    public static func decode(_ data: Data) throws -> ObservedEstate {
        try makeDecoder().decode(ObservedEstate.self, from: data)
    }

    /// A decoder for the pieces of that JSON (a `ResourceState`, an `Observation`), reading
    /// instants as `Timestamp` text. Used for answers of exec providers as well.
    public static func makeDecoder() -> JSONDecoder {
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
        return decoder
    }
}
