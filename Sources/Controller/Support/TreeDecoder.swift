import Foundation
import Providers

/// A `Decoder` over a `JSONNode`: the models' own `init(from:)` runs unchanged, without
/// Foundation's per-container bookkeeping. Dates are read as `Timestamp` reads them,
/// `null` counts as absent for `decodeIfPresent`, as with JSONDecoder. Errors carry no
/// coding path: callers decode again with Foundation to tell the user where.
struct TreeDecoder: Decoder {
    let node: JSONNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try TreeDecoder(node: try JSONParser.parse(data)).decodeValue(type)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = node else { throw TreeDecoder.mismatch("an object") }
        return KeyedDecodingContainer(Keyed<Key>(object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node else { throw TreeDecoder.mismatch("an array") }
        return Unkeyed(items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(node: node) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self {
            guard case .string(let text) = node, let date = Timestamp.parse(text) else { throw TreeDecoder.mismatch("a time") }
            return date as! T
        }
        if type == String.self { return try Single(node: node).decode(String.self) as! T }
        if type == Int.self { return try Single(node: node).decode(Int.self) as! T }
        if type == Bool.self { return try Single(node: node).decode(Bool.self) as! T }
        return try T(from: self)
    }

    static func mismatch(_ expected: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "expected \(expected)"))
    }

    // MARK: Containers

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let object: JSONObject
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

        private func node(_ key: Key) throws -> JSONNode {
            guard let node = object[key.stringValue] else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "missing"))
            }
            return node
        }

        /// The node, or nil when missing or null.
        private func present(_ key: Key) -> JSONNode? {
            guard let node = object[key.stringValue] else { return nil }
            if case .null = node { return nil }
            return node
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try node(key) { return true }
            return false
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Single(node: node(key)).decode(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try Single(node: node(key)).decode(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Single(node: node(key)).decode(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Single(node: node(key)).decode(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try TreeDecoder(node: node(key)).decodeValue(type)
        }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try Single(node: $0).decode(type) } }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try Single(node: $0).decode(type) } }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try Single(node: $0).decode(type) } }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try Single(node: $0).decode(type) } }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try present(key).map { try TreeDecoder(node: $0).decodeValue(type) }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try TreeDecoder(node: node(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try TreeDecoder(node: node(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { TreeDecoder(node: .object(object)) }
        func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(node: try node(key)) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONNode]
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> JSONNode {
            guard !isAtEnd else { throw TreeDecoder.mismatch("another array element") }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw TreeDecoder.mismatch("another array element") }
            if case .null = items[currentIndex] {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode(_ type: String.Type) throws -> String { try Single(node: next()).decode(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try Single(node: next()).decode(type) }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try Single(node: next()).decode(type) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder(node: next()).decodeValue(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try TreeDecoder(node: next()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try TreeDecoder(node: next()).unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { TreeDecoder(node: try next()) }
    }

    struct Single: SingleValueDecodingContainer {
        let node: JSONNode
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            if case .null = node { return true }
            return false
        }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let value) = node else { throw TreeDecoder.mismatch("a boolean") }
            return value
        }

        func decode(_ type: String.Type) throws -> String {
            guard case .string(let value) = node else { throw TreeDecoder.mismatch("a string") }
            return value
        }

        func decode(_ type: Double.Type) throws -> Double {
            switch node {
            case .double(let value): return value
            case .int(let value): return Double(value)
            default: throw TreeDecoder.mismatch("a number")
            }
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

        func decode(_ type: Int.Type) throws -> Int {
            switch node {
            case .int(let value): return value
            case .double(let value):
                guard let exact = Int(exactly: value) else { throw TreeDecoder.mismatch("an integer") }
                return exact
            default: throw TreeDecoder.mismatch("an integer")
            }
        }

        func decode(_ type: Int8.Type) throws -> Int8 { try exact(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try exact(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try exact(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try exact(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try exact(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try exact(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try exact(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try exact(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try exact(type) }

        private func exact<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            guard let value = T(exactly: try decode(Int.self)) else { throw TreeDecoder.mismatch("a \(type)") }
            return value
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder(node: node).decodeValue(type) }
    }
}
