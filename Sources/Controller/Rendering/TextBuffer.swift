import Foundation

/// UTF-8 text written into one growing byte buffer. Appending bytes is several times
/// cheaper than appending to a `String`, and the bytes go out as they are.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// What was written, as a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// What was written, as data.
    var data: Data { Data(bytes) }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func write(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// What `other` holds.
    mutating func write(_ other: TextBuffer) {
        bytes.append(contentsOf: other.bytes)
    }

    mutating func write(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// `value` in decimal.
    mutating func write(_ value: Int) {
        bytes.appendDecimal(value)
    }

    /// `count` spaces.
    mutating func spaces(_ count: Int) {
        for _ in 0..<Swift.max(0, count) { bytes.append(UInt8(ascii: " ")) }
    }

    /// `Human.age(seconds)`, without a string in between: `9d2h`, `3h5m`, `45s`.
    mutating func age(_ seconds: Int) {
        guard seconds > 0 else { return write("0s") }
        var rest = seconds
        var used = 0
        for (suffix, size) in Self.ageUnits where rest >= size && used < 2 {
            write(rest / size)
            bytes.append(suffix)
            rest %= size
            used += 1
        }
    }

    private static let ageUnits: [(UInt8, Int)] = [(UInt8(ascii: "d"), 86_400), (UInt8(ascii: "h"), 3600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1)]

    /// The bytes `age(seconds)` writes.
    static func ageWidth(_ seconds: Int) -> Int {
        guard seconds > 0 else { return 2 }
        var rest = seconds
        var used = 0
        var width = 0
        for (_, size) in ageUnits where rest >= size && used < 2 {
            width += digitCount(rest / size) + 1
            rest %= size
            used += 1
        }
        return width
    }

    private static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// Starts `style`'s colour when colours are on; `end(style)` closes it.
    mutating func begin(_ code: StaticString, _ style: Style) {
        guard style.enabled else { return }
        write("\u{1B}[")
        write(code)
        write("m")
    }

    /// Closes what `begin` started.
    mutating func end(_ style: Style) {
        if style.enabled { write("\u{1B}[0m") }
    }
}
