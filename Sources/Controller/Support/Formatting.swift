import Foundation
import Providers
import Spec

/// How plans write times and lengths of time for people.
enum Human {
    /// `9d2h`, `3h5m`, `45s`: the two largest units, rounded down.
    static func age(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        let units: [(String, Int)] = [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = seconds
        var text = ""
        var used = 0
        for (suffix, size) in units where rest >= size && used < 2 {
            text += "\(rest / size)\(suffix)"
            rest %= size
            used += 1
        }
        return text
    }

    /// A spec duration as written (`72h` prints as `3d`).
    static func span(_ span: TimeSpan) -> String { span.description }

    /// `2026-11-25T13:05:09Z`.
    static func time(_ date: Date) -> String { Timestamp.format(date) }
}
