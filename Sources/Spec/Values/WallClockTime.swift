/// A time of day written `HH:MM` (24-hour), as maintenance windows use.
public struct WallClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour) || (hour == 24 && minute == 0), (0...59).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Minutes since midnight.
    public var minuteOfDay: Int { hour * 60 + minute }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool { lhs.minuteOfDay < rhs.minuteOfDay }

    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}

extension WallClockTime: ParsedScalarValue {
    public static let expectation = "a time of day such as \"22:00\""
    public static let valueName = "a time of day"

    public static func hint(forInvalid text: String) -> String {
        "write HH:MM in 24-hour form and quote it, e.g. \"22:00\""
    }

    public static var schema: JSONValue {
        .object([("type", .string("string")), ("pattern", .string("^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$"))])
    }

    public var json: JSONValue { .string(description) }
}

/// A day of the week, in the three-letter form cron and systemd users know.
public enum Weekday: String, SpecEnum {
    case mon, tue, wed, thu, fri, sat, sun
}
