/// Whether a webhook request may trigger a reconcile. A rejected request is answered 401
/// and changes nothing; `reason` is for the controller's log and never holds the secret or
/// the signature sent.
public enum WebhookVerdict: Sendable, Hashable {
    case accepted
    case rejected(reason: String)

    public var isAccepted: Bool { self == .accepted }
}
