/// Writes pretty-printed JSON straight into a string, in the layout of
/// `JSONValue.serialized()` (two-space indent, `"key": value`, empty containers as `{}` and
/// `[]`), without building a tree first: a plan of ten thousand instances holds hundreds of
/// thousands of values.
struct JSONStreamWriter {
    private(set) var text = ""
    /// Per open container: whether it has a member yet.
    private var hasMembers: [Bool] = []
    /// A key was just written; the next value follows it on the same line.
    private var afterKey = false

    init(capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasMembers.isEmpty else { return }
        if hasMembers[hasMembers.count - 1] { text += "," }
        hasMembers[hasMembers.count - 1] = true
        newline()
    }

    private mutating func newline() {
        text += "\n"
        for _ in 0..<hasMembers.count { text += "  " }
    }

    mutating func key(_ name: String) {
        beginValue()
        writeString(name)
        text += ": "
        afterKey = true
    }

    mutating func beginObject() {
        beginValue()
        text += "{"
        hasMembers.append(false)
    }

    mutating func endObject() { end("}") }

    mutating func beginArray() {
        beginValue()
        text += "["
        hasMembers.append(false)
    }

    mutating func endArray() { end("]") }

    private mutating func end(_ bracket: String) {
        let had = hasMembers.removeLast()
        if had { newline() }
        text += bracket
    }

    mutating func string(_ value: String) {
        beginValue()
        writeString(value)
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        beginValue()
        text += String(value)
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        text += value ? "true" : "false"
    }

    mutating func bool(_ value: Bool?) {
        if let value { bool(value) } else { null() }
    }

    mutating func null() {
        beginValue()
        text += "null"
    }

    /// `"key": "value"` in one call.
    mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        int(value)
    }

    mutating func field(_ name: String, _ value: Bool?) {
        key(name)
        bool(value)
    }

    mutating func array(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func writeString(_ value: String) {
        text += "\""
        var plain = true
        for byte in value.utf8 where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
            plain = false
            break
        }
        if plain {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
