import Foundation

/// The text form of the status document (`sfreconcile status` without --json): conditions,
/// revisions, the Git source, suspended and backing-off instances, then per instance its
/// violated findings and its scenario table.
enum StatusTextRenderer {
    static func render(_ document: [String: Any], origin: String) -> String {
        var out = "Status from \(origin)\n"
        let status = document["status"] as? [String: Any] ?? [:]
        for condition in status["conditions"] as? [[String: Any]] ?? [] {
            let holds = condition["status"] as? Bool ?? false
            out += "  \(condition["kind"] as? String ?? "?")=\(holds) (\(condition["reason"] as? String ?? "")): \(condition["message"] as? String ?? "")\n"
        }
        out += "  last applied revision:   \(status["lastAppliedRevision"] as? String ?? "-")\n"
        out += "  last attempted revision: \(status["lastAttemptedRevision"] as? String ?? "-")\n"
        out += "  reconciles: \(status["reconciles"] as? Int ?? 0), failures in a row: \(status["consecutiveFailures"] as? Int ?? 0)\n"
        if let source = document["source"] as? [String: Any] {
            out += "Git source: revision \(source["revision"] as? String ?? "-")"
            if let rejected = source["rejected_revision"] as? String {
                let why = (source["rejected_diagnostics"] as? [String])?.first ?? "invalid spec"
                out += "; rejected \(rejected) (\(why)): the last good spec stays in use"
            }
            if let error = source["last_error"] as? String { out += "; last error: \(error)" }
            out += "\n"
        }
        let suspended = document["suspended"] as? [String] ?? []
        if !suspended.isEmpty { out += "Suspended: \(suspended.joined(separator: ", "))\n" }
        for (instance, entry) in (document["backoff"] as? [String: [String: Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += "Backing off: \(instance) after \(entry["failures"] as? Int ?? 0) failure(s): \(entry["lastError"] as? String ?? "")\n"
        }
        guard let plan = document["plan"] as? [String: Any] else { return out + "No plan yet.\n" }
        let findings = plan["findings"] as? [[String: Any]] ?? []
        let scenarios = plan["scenarios"] as? [[String: Any]] ?? []
        for instance in plan["instances"] as? [[String: Any]] ?? [] {
            let name = instance["name"] as? String ?? "?"
            out += "\nInstance \(name)\(suspended.contains(name) ? " (suspended)" : "")\n"
            let violated = findings.filter { $0["instance"] as? String == name && $0["status"] as? String == "violated" }
            if violated.isEmpty { out += "  no violated finding\n" }
            for finding in violated {
                out += "  \(finding["rule"] as? String ?? "?") \(finding["severity"] as? String ?? ""): \(finding["message"] as? String ?? "")\n"
            }
            for scenario in scenarios where scenario["instance"] as? String == name {
                let mechanism = scenario["mechanism"] as? String ?? "none"
                out += "  scenario \(scenario["scenario"] as? String ?? "?"): \(scenario["verdict"] as? String ?? "?") (by \(mechanism))\n"
            }
        }
        return out
    }
}
