import Controller
import Foundation
import Logging
import Server

/// Saves the status document in the state store after each reconcile, one save at a time,
/// so `sfreconcile status` can answer while the service is down.
actor StatusRecorder {
    private let endpoints: LiveControllerEndpoints
    private let documents: ControllerDocuments
    private let logger: Logger

    init(endpoints: LiveControllerEndpoints, documents: ControllerDocuments, logger: Logger) {
        self.endpoints = endpoints
        self.documents = documents
        self.logger = logger
    }

    func save() async {
        let body = await endpoints.statusJSON()
        do {
            try documents.save(ControllerDocuments.status, body, at: Date())
        } catch {
            logger.error("cannot save the status document", metadata: ["error": "\(error)"])
        }
    }

    /// The log fields of a finished reconcile.
    nonisolated static func metadata(_ status: ReconcileStatus) -> Logger.Metadata {
        var fields: Logger.Metadata = ["ready": "\(status.isReady)"]
        if let outcome = status.lastOutcome {
            fields["trigger"] = "\(outcome.trigger.rawValue)"
            fields["revision"] = "\(outcome.revision ?? "-")"
            fields["duration_s"] = "\(String(format: "%.3f", outcome.duration))"
        }
        if let ready = status.condition(.ready) { fields["reason"] = "\(ready.reason.rawValue)"; fields["message"] = "\(ready.message)" }
        return fields
    }
}
