import Controller
import Providers

/// How `/hooks/git` judges push webhooks: the shared secret, and which forge's scheme to
/// expect (nil: told by the signature header the request carries).
public struct WebhookSettings: Sendable {
    /// The shared secret; nil refuses every webhook (401).
    public var secret: String?
    /// The forge; nil detects it per request.
    public var forge: GitForge?

    public init(secret: String?, forge: GitForge?) {
        self.secret = secret
        self.forge = forge
    }

    /// The forge a request's signature header names: Gitea before GitHub (Gitea sends both
    /// headers), GitLab, then the generic scheme. Nil when it carries none.
    public static func detect(_ headers: HTTPHeaders) -> GitForge? {
        for forge in [GitForge.gitea, .gitlab, .github, .generic] where headers[WebhookVerifier.signatureHeader(for: forge)] != nil {
            return forge
        }
        return nil
    }

    /// True when a push to `ref` (`refs/heads/main`) moves what `followed` names: the named
    /// branch or tag; any branch when following the default branch (the poll then finds out);
    /// never for a pinned commit.
    public static func concerns(_ ref: String, followed: GitReference) -> Bool {
        let name = followed.description
        if name == "HEAD" { return ref.hasPrefix("refs/heads/") }
        if name.contains("sha1:") { return false }
        return ref == name || ref == "refs/heads/" + name || ref == "refs/tags/" + name
    }
}
