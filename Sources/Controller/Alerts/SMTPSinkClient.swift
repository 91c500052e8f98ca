import Foundation
import Providers

/// Mails each batch as one plain-text message: the subject says what fired or resolved
/// (`[sfreconcile] CRITICAL BAK-2 on pbx-main`, or counts for several), the body has one
/// line and one explanation per alert, and `X-Sfreconcile-Fingerprints` lists the alerts'
/// fingerprints for mail filters.
public struct SMTPSinkClient: AlertSinkClient {
    private let name: String
    private let from: String
    private let to: [String]
    private let client: SMTPClient
    private let redactor: Redactor

    public init(name: String, from: String, to: [String], client: SMTPClient, redactor: Redactor = Redactor()) {
        self.name = name
        self.from = from
        self.to = to
        self.client = client
        self.redactor = redactor
    }

    public func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        do {
            try await client.send(message(for: batch))
        } catch {
            throw AlertDeliveryError(transient: error.isTransient, "mail sink \"\(name)\": " + redactor.redact(error.message),
                                     advice: Self.advice(error.kind))
        }
    }

    /// The mail for `batch`; its Message-ID is derived from the batch, so a retried send
    /// carries the same id and mail clients can fold duplicates.
    public func message(for batch: AlertBatch) -> MailMessage {
        let fingerprints = batch.events.map(\.fingerprint)
        let id = AlertEvent.fingerprint(ofFindingID: fingerprints.joined(separator: ",") + "@\(batch.createdAt.timeIntervalSince1970)")
        let domain = from.split(separator: "@").last.map(String.init) ?? "sfreconcile"
        return MailMessage(from: from, to: to, subject: AlertText.subject(batch), body: AlertText.body(batch) + "\n",
                           date: batch.createdAt, messageID: "\(id)@\(domain)",
                           headers: [("X-Sfreconcile-Fingerprints", fingerprints.joined(separator: " "))])
    }

    private static func advice(_ kind: SMTPError.Kind) -> String {
        switch kind {
        case .authentication: return "check the sink's username and password"
        case .tls: return "the server offered no usable TLS (STARTTLS); check the URL's scheme and port and the server's certificate"
        case .rejected: return "the server refused the sender or a recipient; check from and to"
        case .invalidURL: return "use smtp://host:587 (STARTTLS) or smtps://host:465"
        case .couldNotConnect, .timeout, .transport: return "will try again; check that the mail server is reachable"
        case .cancelled: return "the controller is shutting down"
        }
    }
}
