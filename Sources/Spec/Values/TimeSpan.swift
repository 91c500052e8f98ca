/// A length of time written as `30s`, `5m`, `1h30m`, `24h` or `7d`, held in whole seconds.
///
/// Called `TimeSpan` rather than `Duration` to stay clear of `Swift.Duration`.
public struct TimeSpan: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public static func seconds(_ value: Int) -> TimeSpan { TimeSpan(seconds: value) }
    public static func minutes(_ value: Int) -> TimeSpan { TimeSpan(seconds: value * 60) }
    public static func hours(_ value: Int) -> TimeSpan { TimeSpan(seconds: value * 3600) }
    public static func days(_ value: Int) -> TimeSpan { TimeSpan(seconds: value * 86_400) }
    public static let zero = TimeSpan(seconds: 0)

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    private static let units: [(suffix: Character, seconds: Int)] = [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]

    /// Parses `1h30m`-style text; units must come in the order d, h, m, s, each at most once.
    public init?(parsing text: String) {
        guard !text.isEmpty else { return nil }
        var total = 0
        var digits = ""
        var nextUnit = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard !digits.isEmpty, let number = Int(digits),
                  let unitIndex = Self.units.firstIndex(where: { $0.suffix == character }), unitIndex >= nextUnit
            else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: Self.units[unitIndex].seconds)
            guard !overflow, product <= Int(Int32.max) * 100 else { return nil }
            total += product
            digits = ""
            nextUnit = unitIndex + 1
        }
        guard digits.isEmpty, nextUnit > 0 else { return nil }
        seconds = total
    }

    /// The shortest canonical form: `90m` prints as `1h30m`, zero as `0s`.
    public var description: String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (suffix, size) in Self.units where rest >= size {
            text += "\(rest / size)\(suffix)"
            rest %= size
        }
        return text
    }
}

extension TimeSpan: ParsedScalarValue {
    public static let expectation = "a duration such as 30s, 5m, 1h30m or 7d"
    public static let valueName = "a duration"

    public static func hint(forInvalid text: String) -> String {
        Int(text) != nil
            ? "add a unit: \(text)s, \(text)m, \(text)h or \(text)d"
            : "write a number with a unit (d, h, m, s), largest first, e.g. 1h30m"
    }

    public static var schema: JSONValue {
        .object([
            ("type", .string("string")),
            ("pattern", .string("^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?$")),
            ("examples", .array(["30s", "5m", "1h30m", "24h", "7d"].map(JSONValue.string))),
        ])
    }

    public var json: JSONValue { .string(description) }
}
