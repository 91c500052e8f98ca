/// Who sent a push webhook, which decides how it is signed and what its payload looks like
/// (docs/webhooks.md).
public enum GitForge: String, Sendable, Hashable, Codable, CaseIterable {
    /// GitHub and GitHub Enterprise: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
    case github
    /// GitLab: `X-Gitlab-Token: <the secret itself>`.
    case gitlab
    /// Gitea and Forgejo: `X-Gitea-Signature: <hex HMAC-SHA256 of the body>`.
    case gitea
    /// Anything else (a CI job, a script): `X-Sfreconcile-Signature-256: sha256=<hex HMAC-SHA256>`.
    case generic
}
