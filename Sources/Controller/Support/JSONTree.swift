import Foundation

/// A parsed JSON document, kept as a light tree: the input of `TreeDecoder` and the output
/// of `CanonicalJSONEncoder`. Written because Foundation's JSONDecoder and JSONEncoder
/// spend most of an estate's planning time (tens of thousands of resources) in their
/// generality; the models' own `Codable` conformances still do all the mapping.
enum JSONNode {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)
}

/// A JSON object in document order, indexed by key once it is large.
final class JSONObject {
    var keys: [String]
    var values: [JSONNode]
    private var index: [String: Int]?

    init(keys: [String], values: [JSONNode]) {
        self.keys = keys
        self.values = values
    }

    subscript(key: String) -> JSONNode? {
        if keys.count <= 12 {
            for position in keys.indices where keys[position] == key { return values[position] }
            return nil
        }
        if index == nil {
            var built = [String: Int](minimumCapacity: keys.count)
            for (position, key) in keys.enumerated() { built[key] = position }
            index = built
        }
        return index![key].map { values[$0] }
    }
}

/// Why a document is not JSON; only says where. Callers fall back to Foundation's decoder
/// for the message users see.
struct JSONSyntaxError: Error {
    var offset: Int
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
struct JSONParser {
    static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            do throws(JSONSyntaxError) {
                parser.skipWhitespace()
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.position == parser.bytes.count else { throw JSONSyntaxError(offset: parser.position) }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a document whose top level is an object, handing each member of the object
    /// under `streamedKey` to `member` as soon as it is parsed instead of keeping it (an
    /// estate's `resources`: the bulk of the document). Returns the other top-level members.
    static func parse(_ data: Data, streaming streamedKey: String,
                      member: (String, JSONNode) throws -> Void) throws -> JSONObject {
        let result: Result<JSONObject, any Error> = data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            do {
                parser.skipWhitespace()
                guard parser.current == UInt8(ascii: "{") else { throw parser.fail() }
                parser.position += 1
                var keys: [String] = [], values: [JSONNode] = []
                parser.skipWhitespace()
                if parser.current == UInt8(ascii: "}") {
                    parser.position += 1
                } else {
                    while true {
                        parser.skipWhitespace()
                        guard parser.current == UInt8(ascii: "\"") else { throw parser.fail() }
                        let key = try parser.string()
                        parser.skipWhitespace()
                        guard parser.current == UInt8(ascii: ":") else { throw parser.fail() }
                        parser.position += 1
                        parser.skipWhitespace()
                        if key == streamedKey, parser.current == UInt8(ascii: "{") {
                            try parser.streamObject(member)
                            keys.append(key)
                            values.append(.null)
                        } else {
                            keys.append(key)
                            values.append(try parser.value(depth: 1))
                        }
                        parser.skipWhitespace()
                        guard let next = parser.current else { throw parser.fail() }
                        parser.position += 1
                        if next == UInt8(ascii: "}") { break }
                        guard next == UInt8(ascii: ",") else { throw parser.fail() }
                    }
                }
                parser.skipWhitespace()
                guard parser.position == parser.bytes.count else { throw parser.fail() }
                return .success(JSONObject(keys: keys, values: values))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses an object, handing each member to `member` and keeping none.
    private mutating func streamObject(_ member: (String, JSONNode) throws -> Void) throws {
        position += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail() }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail() }
            position += 1
            skipWhitespace()
            try member(key, try value(depth: 2))
            skipWhitespace()
            guard let next = current else { throw fail() }
            position += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw fail() }
        }
    }

    /// Parses the value at `position` of `bytes` and moves `position` past it: for readers
    /// of their own (`JSONCursor`) that meet something they leave to the tree.
    static func value(in bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        parser.position = position
        let value = try parser.value(depth: 2)
        position = parser.position
        return value
    }

    /// Parses the string whose opening quote is at `position`, escapes and all.
    static func string(in bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) throws(JSONSyntaxError) -> String {
        var parser = JSONParser(bytes: bytes)
        parser.position = position
        guard parser.current == UInt8(ascii: "\"") else { throw parser.fail() }
        let text = try parser.string()
        position = parser.position
        return text
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func fail() -> JSONSyntaxError { JSONSyntaxError(offset: position) }

    private mutating func expect(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail() }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { throw fail() }
        position += count
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < 512, let byte = current else { throw fail() }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try number()
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        position += 1
        var keys: [String] = [], values: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject(keys: keys, values: values))
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail() }
            keys.append(try string())
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail() }
            position += 1
            skipWhitespace()
            values.append(try value(depth: depth + 1))
            skipWhitespace()
            guard let next = current else { throw fail() }
            position += 1
            if next == UInt8(ascii: "}") { return .object(JSONObject(keys: keys, values: values)) }
            guard next == UInt8(ascii: ",") else { throw fail() }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        position += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard let next = current else { throw fail() }
            position += 1
            if next == UInt8(ascii: "]") { return .array(items) }
            guard next == UInt8(ascii: ",") else { throw fail() }
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail() }
            position += 1
        }
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard let escape = current else { throw fail() }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard current == UInt8(ascii: "\\") else { throw fail() }
                        position += 1
                        guard current == UInt8(ascii: "u") else { throw fail() }
                        position += 1
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw fail()
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail() }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw fail()
                }
            default:
                if byte < 0x20 { throw fail() }
                scalars.append(byte)
                position += 1
            }
        }
        throw fail()
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 97...102: digit = UInt32(byte - 87)
            case 65...70: digit = UInt32(byte - 55)
            default: throw fail()
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        var integral = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= 48, first <= 57 else { throw fail() }
        if first == 48 {
            position += 1
        } else {
            while let byte = current, byte >= 48, byte <= 57 { position += 1 }
        }
        if current == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard let byte = current, byte >= 48, byte <= 57 else { throw fail() }
            while let byte = current, byte >= 48, byte <= 57 { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let byte = current, byte >= 48, byte <= 57 else { throw fail() }
            while let byte = current, byte >= 48, byte <= 57 { position += 1 }
        }
        // Integers of up to 18 digits (sizes, counts, seconds) are summed up from the bytes;
        // anything longer or fractional goes through the standard library's parsers.
        let negative = bytes[start] == UInt8(ascii: "-")
        let digitsStart = negative ? start + 1 : start
        if integral, position - digitsStart <= 18 {
            var value = 0
            for index in digitsStart..<position { value = value * 10 + Int(bytes[index] &- 48) }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw fail() }
        return .double(value)
    }
}

/// Writes a node as canonical JSON: compact, object keys sorted by their UTF-8 bytes,
/// strings escaped as Foundation's JSONEncoder escapes them (slashes left alone).
enum CanonicalJSON {
    /// Writes `node`; with `droppingNulls`, object members whose value is `null` are left
    /// out (as models leave out nil values).
    static func write(_ node: JSONNode, to out: inout [UInt8], droppingNulls: Bool = false) {
        switch node {
        case .null: out.append(contentsOf: [110, 117, 108, 108])
        case .bool(let value): out.append(contentsOf: value ? [116, 114, 117, 101] : [102, 97, 108, 115, 101])
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): writeString(value, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out, droppingNulls: droppingNulls)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            // String order is UTF-8 byte order for the NFC text JSON keys are; bytes break ties
            // between canonically equal keys, so the order is total.
            let keys = object.keys
            let order = keys.indices.sorted { a, b in
                keys[a] < keys[b] || (keys[a] == keys[b] && keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8))
            }
            var first = true
            for position in order {
                if droppingNulls, case .null = object.values[position] { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(object.keys[position], to: &out)
                out.append(UInt8(ascii: ":"))
                write(object.values[position], to: &out, droppingNulls: droppingNulls)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, 110])
            case 0x0D: out.append(contentsOf: [92, 114])
            case 0x09: out.append(contentsOf: [92, 116])
            case 0x08: out.append(contentsOf: [92, 98])
            case 0x0C: out.append(contentsOf: [92, 102])
            case 0..<0x20:
                out.append(contentsOf: [92, 117, 48, 48, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
