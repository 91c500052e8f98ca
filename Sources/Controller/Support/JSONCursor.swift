import Foundation

/// A reader that walks JSON bytes in place, for the shapes a caller knows: keys are
/// compared as bytes, strings become `String`s only when asked for, and nothing is kept
/// that the caller does not read. Anything it does not read itself (a key with escapes, a
/// fraction, a syntax error) throws `Miss`, and the caller goes back to where it started
/// and reads that part through `JSONParser` instead, which decides as before.
///
/// Unsafe buffer access: the cursor lives inside one `withUnsafeBytes` of the document;
/// every index is checked against `end` before it is read.
struct JSONCursor {
    /// Something the cursor does not read; never shown to a user.
    struct Miss: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    private var end: Int { bytes.count }

    /// The byte at the cursor after whitespace, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    /// Consumes `byte` (after whitespace).
    mutating func consume(_ byte: UInt8) throws(Miss) {
        guard peek() == byte else { throw Miss() }
        position += 1
    }

    // MARK: Objects and arrays

    /// Reads an object, handing each member's key (its raw bytes, which have no escapes)
    /// to `member` with the cursor at the member's value; `member` must read or skip it.
    mutating func object(_ member: (inout JSONCursor, UnsafeBufferPointer<UInt8>) throws(Miss) -> Void) throws(Miss) {
        try readObject(until: { (cursor, key) throws(Miss) in
            try member(&cursor, key)
            return false
        })
    }

    /// Reads an object as `object(_:)` does, but stops right after the member for which
    /// `member` returns true (the cursor is left inside the object then).
    mutating func readObject(until member: (inout JSONCursor, UnsafeBufferPointer<UInt8>) throws(Miss) -> Bool) throws(Miss) {
        try consume(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            let key = try rawString()
            try consume(UInt8(ascii: ":"))
            if try member(&self, key) { return }
            guard let next = peek() else { throw Miss() }
            position += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw Miss() }
        }
    }

    /// The string value of the member called `name` of the object at the cursor (nil when
    /// it has none), read without moving the cursor. Stops at that member: a resource's
    /// `kind`, written first, is found without walking the rest of the object.
    func string(ofMember name: StaticString) throws(Miss) -> String? {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var probe = self
        var found: String?
        try probe.readObject(until: { (probe, key) throws(Miss) in
            guard Self.sameBytes(key, wanted) else {
                try probe.skipValue()
                return false
            }
            found = try probe.string()
            return true
        })
        return found
    }

    /// Byte equality of two runs, by `memcmp` (a generic `elementsEqual` compares element
    /// by element through iterators).
    static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return true }
        return memcmp(first, second, a.count) == 0
    }

    /// Reads an array, each element with `element`.
    mutating func array<T>(_ element: (inout JSONCursor) throws(Miss) -> T) throws(Miss) -> [T] {
        var items: [T] = []
        try elements { (cursor) throws(Miss) in items.append(try element(&cursor)) }
        return items
    }

    /// Walks an array, handing each element to `element` with the cursor at it; `element`
    /// must read or skip it.
    mutating func elements(_ element: (inout JSONCursor) throws(Miss) -> Void) throws(Miss) {
        try consume(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try element(&self)
            guard let next = peek() else { throw Miss() }
            position += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw Miss() }
        }
    }

    // MARK: Scalars

    /// The bytes of a string without escapes, quotes left off.
    mutating func rawString() throws(Miss) -> UnsafeBufferPointer<UInt8> {
        try consume(UInt8(ascii: "\""))
        let start = position
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<position - 1])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { throw Miss() }
            position += 1
        }
        throw Miss()
    }

    /// A string, escapes decoded as `JSONParser` decodes them.
    mutating func string() throws(Miss) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw Miss() }
        let start = position
        if let raw = try? rawString() { return String(decoding: raw, as: UTF8.self) }
        position = start
        do {
            return try JSONParser.string(in: bytes, at: &position)
        } catch {
            throw Miss()
        }
    }

    /// An integer written without fraction or exponent, of up to 18 digits.
    mutating func int() throws(Miss) -> Int {
        guard var byte = peek() else { throw Miss() }
        let negative = byte == UInt8(ascii: "-")
        if negative {
            position += 1
            guard position < end else { throw Miss() }
            byte = bytes[position]
        }
        let start = position
        var value = 0
        while position < end, bytes[position] >= 48, bytes[position] <= 57 {
            value = value * 10 + Int(bytes[position] &- 48)
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits <= 18, byte != 48 || digits == 1 else { throw Miss() }
        if position < end {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Miss()
            default: break
            }
        }
        return negative ? -value : value
    }

    mutating func bool() throws(Miss) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw Miss()
    }

    /// Consumes `null` when it comes next.
    mutating func null() -> Bool {
        literal("null")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        guard peek() != nil else { return false }
        let count = word.utf8CodeUnitCount
        guard position + count <= end else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// Moves past one value of any shape, checking its syntax.
    mutating func skipValue() throws(Miss) {
        switch peek() {
        case UInt8(ascii: "{")?: try object { (cursor, _) throws(Miss) in try cursor.skipValue() }
        case UInt8(ascii: "[")?: try elements { (cursor) throws(Miss) in try cursor.skipValue() }
        case UInt8(ascii: "\"")?:
            // Without making a `String`: only a string with escapes needs decoding to be skipped.
            let start = position
            if (try? rawString()) == nil {
                position = start
                _ = try string()
            }
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?: _ = try bool()
        case UInt8(ascii: "n")?: guard null() else { throw Miss() }
        case _?:
            do {
                _ = try JSONParser.value(in: bytes, at: &position)
            } catch {
                throw Miss()
            }
        case nil: throw Miss()
        }
    }
}

/// The keys a reader knows in one kind of object, matched against raw key bytes.
protocol JSONFields: CaseIterable, RawRepresentable, Sendable where RawValue == String, AllCases == [Self] {}

/// A lookup from raw key bytes to one of `Field`'s cases; also notes which were met, so a
/// key given twice is a `Miss` (left to `TreeDecoder`, whose choice of the first or last
/// one depends on the object's size).
struct FieldTable<Field: JSONFields> {
    private let fields: [Field]
    private let names: [[UInt8]]

    init() {
        fields = Array(Field.allCases)
        names = fields.map { Array($0.rawValue.utf8) }
        precondition(names.count <= 64)
    }

    /// The field `key` names, nil for keys the reader ignores (as `Codable` ignores them).
    func field(_ key: UnsafeBufferPointer<UInt8>, seen: inout UInt64) throws(JSONCursor.Miss) -> Field? {
        for index in names.indices where names[index].count == key.count
            && names[index].withUnsafeBufferPointer({ JSONCursor.sameBytes($0, key) }) {
            let bit: UInt64 = 1 << UInt64(index)
            guard seen & bit == 0 else { throw JSONCursor.Miss() }
            seen |= bit
            return fields[index]
        }
        return nil
    }

}
