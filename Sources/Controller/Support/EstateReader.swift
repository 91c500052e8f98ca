import Crypto
import Foundation
import Providers

/// Reads an observed-estate document in one pass over its bytes: each resource is read
/// straight into its `Observation` (`ObservationCursorReader`; a resource it does not
/// read is parsed into a tree and decoded by `ObservationReader` or the models' own
/// `Codable` through `TreeDecoder`), and only where each resource sits is kept for the
/// digest, which is written from the document's bytes afterwards, in key order
/// (`CanonicalJSONBytes`). No parse tree of the whole estate is ever built.
///
/// Reads what `ObservedEstate.init(from:)` reads, the same way; anything it does not
/// expect (another top-level key, a version it cannot read, a syntax error) makes it
/// throw, and the caller reads the document again with Foundation, which says what is wrong.
enum EstateReader {
    struct Unexpected: Error {}

    private static let topLevelKeys: Set<String> = ["format_version", "observed_at", "revision", "generator", "providers", "resources"]

    /// Where one resource sits in the document, for the digest.
    private struct Entry {
        /// The opening quote of its key.
        var keyStart: Int
        /// The length of its key's text, quotes left off.
        var keyLength: Int
        var valueStart: Int
        /// Its key is ASCII without escapes: its bytes order it.
        var plainKey: Bool
    }

    /// The estate in `data`, and its digest when `digesting` (a sixth of the time is the digest).
    static func read(_ data: Data, digesting: Bool = true) throws -> (estate: ObservedEstate, digest: String?) {
        try data.withUnsafeBytes { raw in
            try read(raw.bindMemory(to: UInt8.self), digesting: digesting)
        }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, digesting: Bool) throws -> (estate: ObservedEstate, digest: String?) {
        // Roughly 300 bytes a resource as observe writes them: room for all without growing.
        var resources = [ResourceRef: Observation](minimumCapacity: bytes.count / 320)
        var entries: [Entry] = []
        entries.reserveCapacity(bytes.count / 320)
        var keys: [String] = [], values: [JSONNode] = []
        var providers: [String: ProviderStatus]?   // read straight from the bytes, when it could be
        var position = 0
        try members(of: bytes, at: &position) { key, position in
            keys.append(key)
            if key == "resources", position < bytes.count, bytes[position] == UInt8(ascii: "{") {
                try readResources(bytes, at: &position, into: &resources, entries: &entries)
                values.append(.null)
            } else if key == "providers", keys.firstIndex(of: key) == keys.count - 1, let read = try? readProviders(bytes, at: &position) {
                providers = read
                values.append(.null)
            } else {
                values.append(try JSONParser.value(in: bytes, at: &position))
            }
        }
        var rest = JSONCursor(bytes, at: position)
        guard rest.peek() == nil else { throw Unexpected() }
        let top = JSONObject(keys: keys, values: values)
        guard top.keys.allSatisfy(topLevelKeys.contains) else { throw Unexpected() }
        guard case .string(let version)? = top["format_version"],
              version.split(separator: ".").first == ObservedEstate.currentFormatVersion.split(separator: ".").first,
              let observedAtNode = top["observed_at"] else { throw Unexpected() }
        let observedAt = try TreeDecoder(node: observedAtNode).decodeValue(Date.self)
        func optionalString(_ key: String) throws -> String? {
            switch top[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw Unexpected()
            }
        }
        if providers == nil, let node = top["providers"], !(node.isNull) {
            providers = try TreeDecoder(node: node).decodeValue([String: ProviderStatus].self)
        }
        if case .string? = top["resources"] { throw Unexpected() }
        let digest = digesting ? try digest(of: entries, in: bytes) : nil
        var estate = ObservedEstate(observedAt: observedAt, revision: try optionalString("revision"),
                                    generator: try optionalString("generator"), providers: providers ?? [:], resources: resources)
        estate.formatVersion = version
        return (estate, digest)
    
    }

    /// `providers` read by the cursor; nil (and `position` unmoved) when it cannot.
    private static func readProviders(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) throws(JSONCursor.Miss) -> [String: ProviderStatus] {
        var cursor = JSONCursor(bytes, at: position)
        let providers = try ObservationCursorReader.providers(&cursor)
        position = cursor.position
        return providers
    }

    /// Reads the members of the object at `position`, keys as `JSONParser` reads them,
    /// handing each to `member` with `position` at its value; `member` moves past it.
    private static func members(of bytes: UnsafeBufferPointer<UInt8>, at position: inout Int,
                                _ member: (String, inout Int) throws -> Void) throws {
        try eachMember(of: bytes, at: &position) { cursor in
            let key = try JSONParser.string(in: bytes, at: &cursor.position)
            try cursor.consume(UInt8(ascii: ":"))
            _ = cursor.peek()
            try member(key, &cursor.position)
        }
    }

    /// Walks the object at `position`: `member` is handed the cursor at each member's key
    /// and reads the key, the colon and the value; the braces and commas are read here.
    private static func eachMember(of bytes: UnsafeBufferPointer<UInt8>, at position: inout Int,
                                   _ member: (inout JSONCursor) throws -> Void) throws {
        var cursor = JSONCursor(bytes, at: position)
        try cursor.consume(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            position = cursor.position + 1
            return
        }
        while true {
            _ = cursor.peek()
            try member(&cursor)
            guard let next = cursor.peek() else { throw Unexpected() }
            cursor.position += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { throw Unexpected() }
        }
        position = cursor.position
    }

    /// Reads `resources`: each member straight into its observation when it has the shape
    /// observe writes, through the parse tree otherwise; notes where each sits.
    private static func readResources(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int,
                                      into resources: inout [ResourceRef: Observation], entries: inout [Entry]) throws {
        try eachMember(of: bytes, at: &position) { cursor in
            let keyStart = cursor.position
            let (ref, plainKey) = try resourceRef(bytes, at: &cursor.position)
            let keyLength = cursor.position - keyStart - 2
            try cursor.consume(UInt8(ascii: ":"))
            _ = cursor.peek()
            let valueStart = cursor.position
            let observation: Observation
            if let read = try? ObservationCursorReader.observation(&cursor) {
                observation = read
            } else {
                // Something the cursor does not read: as before, through the tree.
                cursor.position = valueStart
                let node = try JSONParser.value(in: bytes, at: &cursor.position)
                observation = try (try? ObservationReader.observation(node)) ?? TreeDecoder(node: node).decodeValue(Observation.self)
            }
            resources[ref] = observation
            entries.append(Entry(keyStart: keyStart, keyLength: keyLength, valueStart: valueStart, plainKey: plainKey))
        }
    }

    /// The resource address at `position` (a JSON string); whether it is plain ASCII
    /// without escapes, which is split here as `ResourceRef(parsing:)` splits text.
    private static func resourceRef(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) throws -> (ResourceRef, plain: Bool) {
        let start = position
        var cursor = JSONCursor(bytes, at: position)
        if let raw = try? cursor.rawString(), raw.allSatisfy({ $0 < 0x80 }) {
            position = cursor.position
            let slash = UInt8(ascii: "/")
            guard let first = raw.firstIndex(of: slash), first > 0,
                  let second = raw[(first + 1)...].firstIndex(of: slash),
                  let kind = ResourceKind(rawValue: String(decoding: UnsafeBufferPointer(rebasing: raw[(first + 1)..<second]), as: UTF8.self))
            else { throw Unexpected() }
            let ref = ResourceRef(provider: String(decoding: UnsafeBufferPointer(rebasing: raw[..<first]), as: UTF8.self), kind: kind,
                                  name: String(decoding: UnsafeBufferPointer(rebasing: raw[(second + 1)...]), as: UTF8.self))
            return (ref, true)
        }
        position = start
        guard let ref = ResourceRef(parsing: try JSONParser.string(in: bytes, at: &position)) else { throw Unexpected() }
        return (ref, false)
    }

    // MARK: The digest

    /// `ObservedDigest` of the resources at `entries`: `{"resources":{…}}` in canonical
    /// form, members in key order (a key given twice: its first spelling, with the last
    /// value, as decoding keeps the last one).
    private static func digest(of entries: [Entry], in bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        let allPlain = entries.allSatisfy(\.plainKey)
        // Keys with escapes or non-ASCII text are ordered as `String`s, as `CanonicalJSON` orders them.
        let texts: [String] = allPlain ? [] : try entries.map { entry in
            var position = entry.keyStart
            return try JSONParser.string(in: bytes, at: &position)
        }
        func same(_ a: Int, _ b: Int) -> Bool {
            allPlain ? compareKeys(entries[a], entries[b], in: bytes) == 0 : texts[a] == texts[b]
        }
        let order = entries.indices.sorted { a, b in
            if allPlain {
                let comparison = compareKeys(entries[a], entries[b], in: bytes)
                return comparison < 0 || (comparison == 0 && a < b)
            }
            if texts[a] < texts[b] { return true }
            if texts[b] < texts[a] { return false }
            if texts[a].utf8.elementsEqual(texts[b].utf8) { return a < b }
            return texts[a].utf8.lexicographicallyPrecedes(texts[b].utf8)
        }

        var hasher = Crypto.SHA256()
        hasher.update(data: Array(#"{"resources":{"#.utf8))
        var writer = CanonicalJSONBytes()
        var out: [UInt8] = []
        var run = order.startIndex
        while run < order.endIndex {
            // A run of equal keys: the first one's spelling (it was met first), the last one's value.
            var last = run
            while last + 1 < order.endIndex, same(order[run], order[last + 1]) { last += 1 }
            let spelling = order[run..<(last + 1)].min()!, value = order[run..<(last + 1)].max()!
            out.removeAll(keepingCapacity: true)
            if run > order.startIndex { out.append(UInt8(ascii: ",")) }
            var position = entries[spelling].keyStart
            try writer.write(bytes, at: &position, to: &out)
            out.append(UInt8(ascii: ":"))
            position = entries[value].valueStart
            try writer.write(bytes, at: &position, to: &out)
            out.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            run = last + 1
        }
        hasher.update(data: Array("}}".utf8))
        return "sha256:" + hex(hasher.finalize())
    }

    /// The byte order of two plain keys: negative, zero or positive.
    private static func compareKeys(_ a: Entry, _ b: Entry, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let base = bytes.baseAddress!
        let common = memcmp(base + a.keyStart + 1, base + b.keyStart + 1, min(a.keyLength, b.keyLength))
        return common != 0 ? Int(common) : a.keyLength - b.keyLength
    }

    /// Lower-case hex digits of `bytes`.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension JSONNode {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
