import Foundation
import Providers

/// The status document of `GET /api/v1/status` and `sfreconcile status --json`
/// (docs/operations.md): the loop's Flux-like status, the Git source's, suspended and
/// backing-off instances, and the newest plan (per-instance findings, actions, scenario
/// table) in its JSON form (docs/plan-json.md).
public enum ControllerStatusDocument {
    /// The document's version; minor versions only add keys.
    public static let formatVersion = "1.0"

    /// Renders the document as JSON with sorted keys.
    public static func render(status: ReconcileStatus, source: GitSourceStatus?, plan: Plan?, suspended: Set<String>,
                              backoff: [String: InstanceBackoff.Entry], at now: Date) -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        func object(_ value: some Encodable) -> Any {
            (try? encoder.encode(value)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? NSNull()
        }
        var document: [String: Any] = [
            "format_version": formatVersion,
            "generated_at": Timestamp.format(now),
            "status": object(status),
            "suspended": Array(suspended.union(plan?.instances.filter(\.suspended).map(\.name) ?? [])).sorted(),
            "backoff": object(backoff),
        ]
        if let source {
            var section: [String: Any] = [
                "ready": source.isReady,
                "polls": source.polls,
                "consecutive_failures": source.consecutiveFailures,
            ]
            section["revision"] = source.artifact?.revision?.description
            section["last_attempted_revision"] = source.lastAttemptedRevision?.description
            if let rejected = source.rejectedRevision {
                section["rejected_revision"] = rejected.description
                section["rejected_diagnostics"] = source.rejectedDiagnostics.map(\.message)
            }
            section["last_error"] = source.lastError.map { "\($0)" }
            section["last_poll_at"] = source.lastPollAt.map(Timestamp.format)
            document["source"] = section
        }
        if let plan, let parsed = try? JSONSerialization.jsonObject(with: PlanJSONRenderer().renderData(plan)) {
            document["plan"] = parsed
        }
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }
}
