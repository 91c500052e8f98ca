/// The human wording of a batch, shared by Slack, Teams and mail.
enum AlertText {
    /// `[sfreconcile] 2 firing, 1 resolved` / `[sfreconcile] CRITICAL BAK-2 on pbx-main`.
    static func subject(_ batch: AlertBatch) -> String {
        if batch.events.count == 1, let event = batch.events.first {
            let state = event.status == .firing ? event.severity.rawValue.uppercased() : "RESOLVED"
            return "[sfreconcile] \(state) \(event.rule) on \(event.instance)"
        }
        var parts: [String] = []
        if !batch.firing.isEmpty { parts.append("\(batch.firing.count) firing") }
        if !batch.resolved.isEmpty { parts.append("\(batch.resolved.count) resolved") }
        return "[sfreconcile] " + parts.joined(separator: ", ")
    }

    /// One line per alert: `FIRING critical BAK-2 pbx-main vc/vm/x: message`.
    static func line(_ event: AlertEvent) -> String {
        let state = event.status == .firing ? "FIRING" : "RESOLVED"
        return "\(state) \(event.severity.rawValue) \(event.rule) \(event.instance) \(event.resource): \(event.summary)"
    }

    /// The plain-text body: the subject, then one line (and its description) per alert.
    static func body(_ batch: AlertBatch) -> String {
        var lines = [subject(batch), ""]
        for event in batch.events {
            lines.append(line(event))
            lines.append("    " + event.description)
            if let link = event.generatorURL { lines.append("    " + link) }
        }
        return lines.joined(separator: "\n")
    }
}
