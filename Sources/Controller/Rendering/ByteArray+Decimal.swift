extension Array where Element == UInt8 {
    /// Appends `value` in decimal, without making a `String` first (the renderers write
    /// hundreds of thousands of numbers).
    mutating func appendDecimal(_ value: Int) {
        guard value > 0 else { return append(contentsOf: String(value).utf8) }
        // Digits straight into the buffer, most significant first.
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
