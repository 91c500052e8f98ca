import Foundation

/// Progress lines of an apply: text (`[  1.2s] done     deleteSnapshot:… (0.4s) took …`) or
/// JSON lines (docs/apply.md).
public enum ApplyEventRenderer {
    public static func text(_ event: ApplyEvent) -> String {
        let clock = "[\(seconds(event.sinceStart))s]"
        switch event.phase {
        case .started:
            return "\(clock) start    \(event.actionID): \(event.summary)\n"
        case .retrying:
            return "\(clock) retry    \(event.actionID): \(event.message ?? "")\n"
        case .finished:
            let status = (event.status?.rawValue ?? "finished").padding(toLength: 8, withPad: " ", startingAt: 0)
            return "\(clock) \(status) \(event.actionID) (\(seconds(event.elapsed))s): \(event.message ?? "")\n"
        }
    }

    /// One compact JSON object per line, keys sorted: `{"action":"…","changed":true,"elapsed_seconds":0.41,
    /// "event":"finished","message":"…","run":"run-…","since_start_seconds":1.2,"status":"done","summary":"…"}`;
    /// `status`, `changed` and `message` are `null` where they do not apply.
    public static func jsonLine(_ event: ApplyEvent) -> String {
        let object: [String: Any] = [
            "event": event.phase.rawValue, "run": event.runID, "action": event.actionID, "summary": event.summary,
            "status": event.status?.rawValue ?? NSNull(), "changed": event.changed ?? NSNull(), "message": event.message ?? NSNull(),
            "elapsed_seconds": milliseconds(event.elapsed), "since_start_seconds": milliseconds(event.sinceStart),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        ((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}
