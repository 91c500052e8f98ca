import Foundation

/// Writes a JSON value in canonical form straight from the document's bytes: the same
/// bytes as `CanonicalJSON.write(JSONParser.parse(value), droppingNulls: true)` — compact,
/// object members sorted by key (byte order, `String` order for keys with escapes or
/// non-ASCII text), null members left out, strings escaped as JSONEncoder escapes them,
/// numbers as the parser reads them — without building the tree.
///
/// Strings of plain ASCII without escapes are copied as they stand (they are already
/// canonical); anything else is decoded and written as `CanonicalJSON` writes it.
struct CanonicalJSONBytes {
    /// One member of an object being written: where its key (with quotes) and value sit in
    /// the output, and whether the key is plain (its bytes order it).
    private struct Member {
        var keyStart: Int
        var valueStart: Int
        var end: Int
        var index: Int
        var plainKey: Bool
        var isNull: Bool
    }

    /// Members of the objects being written, nested ones above their parents.
    private var members: [Member] = []
    private var scratch: [UInt8] = []

    /// Appends the canonical form of the value at `position` of `bytes` to `out`, moving
    /// `position` past it.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, to out: inout [UInt8]) throws(JSONSyntaxError) {
        skipWhitespace(bytes, &position)
        guard position < bytes.count else { throw JSONSyntaxError(offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            try writeObject(bytes, at: &position, to: &out)
        case UInt8(ascii: "["):
            position += 1
            out.append(UInt8(ascii: "["))
            skipWhitespace(bytes, &position)
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
            } else {
                while true {
                    try write(bytes, at: &position, to: &out)
                    let next = try punctuation(bytes, &position)
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: position - 1) }
                    out.append(UInt8(ascii: ","))
                }
            }
            out.append(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            _ = try writeString(bytes, at: &position, to: &out)
        default:
            switch try JSONParser.value(in: bytes, at: &position) {
            case .null: out.append(contentsOf: "null".utf8)
            case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
            case .int(let value): out.append(contentsOf: String(value).utf8)
            case .double(let value): out.append(contentsOf: String(value).utf8)
            case .string, .array, .object: throw JSONSyntaxError(offset: position)   // begin with `"`, `[`, `{`: handled above
            }
        }
    }

    /// Writes the string at `position`; returns whether it was plain (copied as it stands).
    private func writeString(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, to out: inout [UInt8]) throws(JSONSyntaxError) -> Bool {
        let start = position
        var scan = position + 1
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...scan]))
                position = scan + 1
                return true
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            scan += 1
        }
        let text = try JSONParser.string(in: bytes, at: &position)
        CanonicalJSON.writeString(text, to: &out)
        return false
    }

    private mutating func writeObject(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, to out: inout [UInt8]) throws(JSONSyntaxError) {
        position += 1
        let objectStart = out.count
        let base = members.count
        defer { members.removeSubrange(base...) }
        out.append(UInt8(ascii: "{"))
        skipWhitespace(bytes, &position)
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            out.append(UInt8(ascii: "}"))
            return
        }
        // First every member in document order, `"key":value,`…; then, unless that is
        // already canonical, again in key order without the nulls.
        var inOrder = true
        while true {
            skipWhitespace(bytes, &position)
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: position) }
            if members.count > base { out.append(UInt8(ascii: ",")) }
            let keyStart = out.count
            let plainKey = try writeString(bytes, at: &position, to: &out)
            guard try punctuation(bytes, &position) == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: position - 1) }
            out.append(UInt8(ascii: ":"))
            let valueStart = out.count
            try write(bytes, at: &position, to: &out)
            let member = Member(keyStart: keyStart, valueStart: valueStart, end: out.count, index: members.count - base,
                                plainKey: plainKey, isNull: out.count - valueStart == 4 && out[valueStart] == UInt8(ascii: "n"))
            if member.isNull || !plainKey { inOrder = false }
            if inOrder, members.count > base, !Self.precedes(members[members.count - 1], member, in: out) { inOrder = false }
            members.append(member)
            let next = try punctuation(bytes, &position)
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: position - 1) }
        }
        if inOrder {
            out.append(UInt8(ascii: "}"))
            return
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: out[objectStart...])
        out.removeSubrange(objectStart...)
        let order = members[base...].sorted { a, b in Self.precedes(a, b, in: scratch, shiftedBy: objectStart) }
        out.append(UInt8(ascii: "{"))
        var first = true
        for member in order where !member.isNull {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: scratch[(member.keyStart - objectStart)..<(member.end - objectStart)])
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Whether `a` comes before `b`: by key, then by document order (as a stable sort).
    private static func precedes(_ a: Member, _ b: Member, in out: [UInt8], shiftedBy shift: Int = 0) -> Bool {
        // The key without its quotes; `:` follows the closing one.
        if a.plainKey && b.plainKey {
            let lengthA = a.valueStart - a.keyStart - 3, lengthB = b.valueStart - b.keyStart - 3
            let common = out.withUnsafeBufferPointer { buffer in
                memcmp(buffer.baseAddress! + a.keyStart - shift + 1, buffer.baseAddress! + b.keyStart - shift + 1, min(lengthA, lengthB))
            }
            if common != 0 { return common < 0 }
            return lengthA < lengthB || (lengthA == lengthB && a.index < b.index)
        }
        let textA = decodedKey(out, a, shift), textB = decodedKey(out, b, shift)
        if textA < textB { return true }
        if textB < textA { return false }
        if textA.utf8.elementsEqual(textB.utf8) { return a.index < b.index }
        return textA.utf8.lexicographicallyPrecedes(textB.utf8)
    }

    /// A key as text: its canonical form read back (keys with escapes or non-ASCII text only).
    private static func decodedKey(_ out: [UInt8], _ member: Member, _ shift: Int) -> String {
        out.withUnsafeBufferPointer { buffer in
            var position = member.keyStart - shift
            return (try? JSONParser.string(in: buffer, at: &position)) ?? ""
        }
    }

    private func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, consumed.
    private func punctuation(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace(bytes, &position)
        guard position < bytes.count else { throw JSONSyntaxError(offset: position) }
        position += 1
        return bytes[position - 1]
    }
}
