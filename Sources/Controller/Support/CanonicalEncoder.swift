import Foundation
import Providers

/// An `Encoder` that builds a `JSONNode`, for canonical JSON (`CanonicalJSON.write`). The
/// models' own `encode(to:)` runs unchanged; dates are written as `Timestamp` writes them.
/// Several keyed containers asked of one encoder share one object, as with JSONEncoder
/// (`ResourceState` writes its `kind` beside the state's own keys).
final class CanonicalEncoder: Encoder {
    /// What this encoder has been given so far.
    private enum Storage {
        case empty
        case value(JSONNode)
        case object(ObjectBuilder)
        case array(ArrayBuilder)
    }

    private var storage = Storage.empty
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `value` as a node.
    static func node<T: Encodable>(_ value: T) throws -> JSONNode {
        let encoder = CanonicalEncoder()
        try encoder.encodeValue(value)
        return encoder.result
    }

    /// `value` as canonical JSON bytes.
    static func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.write(try node(value), to: &out)
        return out
    }

    var result: JSONNode {
        switch storage {
        case .empty: return .object(JSONObject(keys: [], values: []))
        case .value(let node): return node
        case .object(let builder): return builder.node
        case .array(let builder): return builder.node
        }
    }

    func encodeValue<T: Encodable>(_ value: T) throws {
        if let date = value as? Date {
            storage = .value(.string(Timestamp.format(date)))
        } else if let text = value as? String {
            storage = .value(.string(text))
        } else {
            try value.encode(to: self)
        }
    }

    /// The node for a nested value.
    static func child<T: Encodable>(_ value: T) throws -> JSONNode {
        if let text = value as? String { return .string(text) }
        if let number = value as? Int { return .int(number) }
        if let flag = value as? Bool { return .bool(flag) }
        if let date = value as? Date { return .string(Timestamp.format(date)) }
        return try node(value)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let builder) = storage { return KeyedEncodingContainer(Keyed<Key>(builder: builder)) }
        let builder = ObjectBuilder()
        storage = .object(builder)
        return KeyedEncodingContainer(Keyed<Key>(builder: builder))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let builder) = storage { return Unkeyed(builder: builder) }
        let builder = ArrayBuilder()
        storage = .array(builder)
        return Unkeyed(builder: builder)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    fileprivate func set(_ node: JSONNode) { storage = .value(node) }

    // MARK: Builders and containers

    final class ObjectBuilder {
        var keys: [String] = []
        var values: [Slot] = []
        /// Positions by key, once the object is large.
        private var index: [String: Int]?

        /// A value, or an encoder still being written to (nested containers).
        enum Slot {
            case node(JSONNode)
            case encoder(CanonicalEncoder)
        }

        func set(_ key: String, _ slot: Slot) {
            let existing: Int?
            if let index {
                existing = index[key]
            } else {
                existing = keys.firstIndex(of: key)
                if keys.count >= 16 { index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
            }
            if let existing {
                values[existing] = slot
            } else {
                index?[key] = keys.count
                keys.append(key)
                values.append(slot)
            }
        }

        var node: JSONNode {
            .object(JSONObject(keys: keys, values: values.map { slot in
                switch slot {
                case .node(let node): return node
                case .encoder(let encoder): return encoder.result
                }
            }))
        }
    }

    final class ArrayBuilder {
        var items: [ObjectBuilder.Slot] = []

        var node: JSONNode {
            .array(items.map { slot in
                switch slot {
                case .node(let node): return node
                case .encoder(let encoder): return encoder.result
                }
            })
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let builder: ObjectBuilder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) { builder.set(key.stringValue, .node(.null)) }
        mutating func encode(_ value: Bool, forKey key: Key) { builder.set(key.stringValue, .node(.bool(value))) }
        mutating func encode(_ value: String, forKey key: Key) { builder.set(key.stringValue, .node(.string(value))) }
        mutating func encode(_ value: Int, forKey key: Key) { builder.set(key.stringValue, .node(.int(value))) }
        mutating func encode(_ value: Double, forKey key: Key) { builder.set(key.stringValue, .node(.double(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            builder.set(key.stringValue, .node(try CanonicalEncoder.child(value)))
        }

        mutating func encodeIfPresent(_ value: String?, forKey key: Key) {
            if let value { builder.set(key.stringValue, .node(.string(value))) }
        }

        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) {
            if let value { builder.set(key.stringValue, .node(.int(value))) }
        }

        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) {
            if let value { builder.set(key.stringValue, .node(.bool(value))) }
        }

        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { builder.set(key.stringValue, .node(try CanonicalEncoder.child(value))) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let encoder = CanonicalEncoder()
            builder.set(key.stringValue, .encoder(encoder))
            return encoder.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let encoder = CanonicalEncoder()
            builder.set(key.stringValue, .encoder(encoder))
            return encoder.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = CanonicalEncoder()
            builder.set("super", .encoder(encoder))
            return encoder
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let encoder = CanonicalEncoder()
            builder.set(key.stringValue, .encoder(encoder))
            return encoder
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let builder: ArrayBuilder
        var codingPath: [any CodingKey] { [] }
        var count: Int { builder.items.count }

        mutating func encodeNil() { builder.items.append(.node(.null)) }
        mutating func encode(_ value: String) { builder.items.append(.node(.string(value))) }
        mutating func encode(_ value: Int) { builder.items.append(.node(.int(value))) }
        mutating func encode(_ value: Bool) { builder.items.append(.node(.bool(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { builder.items.append(.node(try CanonicalEncoder.child(value))) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let encoder = CanonicalEncoder()
            builder.items.append(.encoder(encoder))
            return encoder.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let encoder = CanonicalEncoder()
            builder.items.append(.encoder(encoder))
            return encoder.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = CanonicalEncoder()
            builder.items.append(.encoder(encoder))
            return encoder
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: CanonicalEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { encoder.set(.null) }
        mutating func encode(_ value: Bool) { encoder.set(.bool(value)) }
        mutating func encode(_ value: String) { encoder.set(.string(value)) }
        mutating func encode(_ value: Int) { encoder.set(.int(value)) }
        mutating func encode(_ value: Double) { encoder.set(.double(value)) }
        mutating func encode(_ value: Float) { encoder.set(.double(Double(value))) }
        mutating func encode(_ value: Int8) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: Int16) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: Int32) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: Int64) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: UInt) { encoder.set(Int(exactly: value).map(JSONNode.int) ?? .double(Double(value))) }
        mutating func encode(_ value: UInt8) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: UInt16) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: UInt32) { encoder.set(.int(Int(value))) }
        mutating func encode(_ value: UInt64) { encoder.set(Int(exactly: value).map(JSONNode.int) ?? .double(Double(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.set(try CanonicalEncoder.child(value)) }
    }
}
