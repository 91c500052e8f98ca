import Foundation

/// Writes pretty-printed JSON as UTF-8 bytes, in the layout of `JSONValue.serialized()`
/// (two-space indent, `"key": value`, empty containers as `{}` and `[]`), without building
/// a tree first, handing the bytes to a sink piece by piece: a plan of ten thousand
/// instances holds hundreds of thousands of values.
struct JSONStreamWriter {
    /// UTF-8 bytes not yet handed over: appending bytes is several times cheaper than
    /// appending to a String.
    private var bytes: [UInt8] = []
    /// Per open container: whether it has a member yet.
    private var hasMembers: [Bool] = []
    /// A key was just written; the next value follows it on the same line.
    private var afterKey = false
    /// Where finished pieces go (`streaming(to:_:)`); nil for the writers of one run of
    /// elements, whose bytes `elements` hands over itself.
    private var sink: (([UInt8]) -> Void)?

    private init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer whose pieces go to `sink` as they are finished, for `body` to write with;
    /// what is left at the end goes there too. Runs of elements are then written a few
    /// chunks at a time (`elements`), so that only those are held at once: a plan of
    /// 10,000 instances is 147 MB of JSON.
    static func streaming(capacity: Int, to sink: ([UInt8]) -> Void, _ body: (inout JSONStreamWriter) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            var writer = JSONStreamWriter(capacity: capacity)
            writer.sink = sink
            body(&writer)
            writer.flush()
            writer.sink = nil
        }
    }

    /// Hands what is written to the sink.
    private mutating func flush() {
        if !bytes.isEmpty { sink?(bytes) }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes the elements `range` of the array just begun, `element(index, &writer)` each:
    /// a round of chunks at a time, the chunks of a round on every core, each round handed
    /// to the sink chunk by chunk (nothing is copied to put them together) before the next
    /// is written. `bytesPerElement` sizes each chunk's buffer once.
    mutating func elements(_ range: Range<Int>, minimumChunk: Int = 2_000, bytesPerElement: Int,
                           _ element: @Sendable (Int, inout JSONStreamWriter) -> Void) {
        let nesting = hasMembers
        let round = Swift.max(1, minimumChunk) * ProcessInfo.processInfo.activeProcessorCount
        flush()
        var start = range.lowerBound
        repeat {
            let rows = start..<Swift.min(range.upperBound, start + round)
            let parts = ConcurrentChunks.map(rows, minimumChunk: minimumChunk) { indices in
                var part = JSONStreamWriter(capacity: indices.count * bytesPerElement)
                part.hasMembers = nesting
                // A later chunk's first element follows one written by the chunk before.
                if indices.lowerBound > range.lowerBound { part.hasMembers[part.hasMembers.count - 1] = true }
                for index in indices { element(index, &part) }
                return (bytes: part.bytes, hasMembers: part.hasMembers)
            }
            for part in parts where !part.bytes.isEmpty { sink?(part.bytes) }
            hasMembers = parts.last?.hasMembers ?? hasMembers
            start = rows.upperBound
        } while start < range.upperBound
    }

    mutating func newlineAtEnd() { bytes.append(UInt8(ascii: "\n")) }

    private mutating func write(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }


    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasMembers.isEmpty else { return }
        if hasMembers[hasMembers.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasMembers[hasMembers.count - 1] = true
        newline()
    }

    /// A newline and the indentation of the current depth.
    private static let indentation: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 64)

    private mutating func newline() {
        let width = hasMembers.count * 2
        if width < Self.indentation.count {
            bytes.append(contentsOf: Self.indentation[0...width])
        } else {
            bytes.append(UInt8(ascii: "\n"))
            for _ in 0..<width { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// A key known when the program is written: plain ASCII that needs no escaping.
    mutating func key(_ name: StaticString) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        write(name)
        write("\": ")
        afterKey = true
    }

    /// A key made at run time (an action parameter's name).
    mutating func key(named name: String) {
        beginValue()
        writeString(name)
        write(": ")
        afterKey = true
    }

    mutating func beginObject() {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        hasMembers.append(false)
    }

    mutating func endObject() { end(UInt8(ascii: "}")) }

    mutating func beginArray() {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        hasMembers.append(false)
    }

    mutating func endArray() { end(UInt8(ascii: "]")) }

    private mutating func end(_ bracket: UInt8) {
        let had = hasMembers.removeLast()
        if had { newline() }
        bytes.append(bracket)
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
        bytes.appendDecimal(value)
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        if value { write("true") } else { write("false") }
    }

    mutating func bool(_ value: Bool?) {
        if let value { bool(value) } else { null() }
    }

    mutating func null() {
        beginValue()
        write("null")
    }

    /// `"key": "value"` in one call.
    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool?) {
        key(name)
        bool(value)
    }

    mutating func array(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// A string value written in parts, `"a:b:c"` without making the string first:
    /// `beginString()`, then `stringPart(_:)` for each part, then `endString()`.
    mutating func beginString() {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func stringPart(_ part: String) {
        writeContent(part)
    }

    mutating func stringPart(_ part: StaticString) {
        write(part)
    }

    mutating func endString() {
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        writeContent(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` escaped, without the quotes.
    private mutating func writeContent(_ value: String) {
        // Most strings need no escaping: copy them whole.
        let copied = value.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: buffer)
            return true
        } ?? false
        if !copied { writeEscaped(value) }
    }

    private mutating func writeEscaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): write("\\\"")
            case UInt8(ascii: "\\"): write("\\\\")
            case 0x0A: write("\\n")
            case 0x0D: write("\\r")
            case 0x09: write("\\t")
            case 0..<0x20:
                write("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
    }
}
