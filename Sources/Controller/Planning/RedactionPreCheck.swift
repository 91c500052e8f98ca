/// The one pass over a text's bytes that tells `Redactor` whether any of its patterns
/// could match: a `://` and an `@`, a key (`Redactor.keys`) ending the word before `=` or
/// `:`, `bearer` or `basic` ending the word before a space, or 64 hex digits in a row. Conservative:
/// true may still find nothing; false is never wrong.
///
/// A plan redacts the text of every finding that is not satisfied (hundreds of thousands
/// at 10,000 instances) and nearly none holds anything, so this is the part that runs. It
/// looks at each byte once through a table of byte classes and remembers where the
/// current word lies; words are compared only at the few bytes that can end a pattern's
/// key.
enum RedactionPreCheck {
    static func mightMatch(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            classes.withUnsafeBufferPointer { classes in scan(bytes, classes) }
        }
    }

    // Byte classes.
    private static let hexDigit: UInt8 = 1
    /// Letters, digits, `_` and `-`: bytes of a key.
    private static let wordByte: UInt8 = 2
    /// A space or a quote: ends the word, which still counts before `=`, `:` or a space.
    private static let spaceOrQuote: UInt8 = 4

    private static let classes: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        var kind: UInt8 = 0
        let isDigit = byte >= 48 && byte <= 57, isUpper = byte >= 65 && byte <= 90, isLower = byte >= 97 && byte <= 122
        if isDigit || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70) { kind |= hexDigit }
        if isDigit || isUpper || isLower || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") { kind |= wordByte }
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { kind |= spaceOrQuote }
        return kind
    }

    private static let keys: [[UInt8]] = Redactor.keys.map { Array($0.utf8) }
    private static let schemeWords: [[UInt8]] = [Array("bearer".utf8), Array("basic".utf8)]

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ classes: UnsafeBufferPointer<UInt8>) -> Bool {
        var hexRun = 0
        var sawScheme = false, sawAt = false
        // The current or last word is bytes[wordStart..<wordEnd]; empty after a byte that is
        // neither a word byte nor a space or quote.
        var wordStart = 0, wordEnd = 0
        var inWord = false
        for position in 0..<bytes.count {
            let byte = bytes[position]
            let kind = classes[Int(byte)]
            hexRun = kind & hexDigit != 0 ? hexRun + 1 : 0
            if hexRun >= 64 { return true }
            if kind & wordByte != 0 {
                if !inWord { wordStart = position }
                wordEnd = position + 1
                inWord = true
                continue
            }
            inWord = false
            if kind & spaceOrQuote != 0 {
                // `-bearer ` counts: the patterns start a word after `-`, which is a key's byte here.
                if byte == UInt8(ascii: " ") && schemeWords.contains(where: { word(bytes, wordStart, wordEnd, endsWith: $0) }) { return true }
                continue
            }
            switch byte {
            case UInt8(ascii: "="), UInt8(ascii: ":"):
                if keys.contains(where: { word(bytes, wordStart, wordEnd, endsWith: $0) }) { return true }
                if byte == UInt8(ascii: ":"), position + 2 < bytes.count,
                   bytes[position + 1] == UInt8(ascii: "/"), bytes[position + 2] == UInt8(ascii: "/") {
                    sawScheme = true
                }
            case UInt8(ascii: "@"):
                sawAt = true
            case 0xE2:
                // U+212A KELVIN SIGN, which the patterns lower-case to `k` (as in `token`).
                if position + 2 < bytes.count && bytes[position + 1] == 0x84 && bytes[position + 2] == 0xAA { return true }
            default:
                break
            }
            if sawScheme && sawAt { return true }
            wordStart = position + 1
            wordEnd = position + 1
        }
        return false
    }

    /// Whether bytes[start..<end], lower-cased, ends with `key`.
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, endsWith key: [UInt8]) -> Bool {
        guard end - start >= key.count else { return false }
        var offset = end - key.count
        for expected in key {
            if lowered(bytes[offset]) != expected { return false }
            offset += 1
        }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
