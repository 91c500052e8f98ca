/// The result of checking one commit's signature against a ``GitSignaturePolicy``.
public struct GitSignatureCheck: Sendable, Hashable {
    /// The commit checked.
    public var revision: GitRevision
    /// True when the commit carries a valid signature by an allowed key.
    public var isVerified: Bool
    /// Who signed with which key (`good SSH signature by ops@example.com with ED25519 key
    /// SHA256:…`), or why the check failed (`the commit is not signed`).
    public var message: String

    public init(revision: GitRevision, isVerified: Bool, message: String) {
        self.revision = revision
        self.isVerified = isVerified
        self.message = message
    }
}
