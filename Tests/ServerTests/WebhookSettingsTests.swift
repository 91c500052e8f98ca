import Controller
import Providers
import Server
import Testing

/// How `run` picks the forge of a webhook and decides whether a push concerns the followed ref.
struct WebhookSettingsTests {
    @Test("the signature header names the forge; Gitea wins over the GitHub header it also sends")
    func detectsForge() {
        #expect(WebhookSettings.detect(["X-Hub-Signature-256": "sha256=00"]) == .github)
        #expect(WebhookSettings.detect(["x-gitlab-token": "s"]) == .gitlab)
        #expect(WebhookSettings.detect(["X-Gitea-Signature": "00", "X-Hub-Signature-256": "sha256=00"]) == .gitea)
        #expect(WebhookSettings.detect([HMACSignature.header: "sha256=00"]) == .generic)
        #expect(WebhookSettings.detect(["Content-Type": "application/json"]) == nil)
    }

    @Test("a push concerns the followed branch or tag, any branch for the default branch, never a pinned commit")
    func matchesRefs() throws {
        #expect(WebhookSettings.concerns("refs/heads/main", followed: .named("main")))
        #expect(!WebhookSettings.concerns("refs/heads/feature", followed: .named("main")))
        #expect(WebhookSettings.concerns("refs/tags/v1", followed: .named("v1")))
        #expect(WebhookSettings.concerns("refs/heads/main", followed: .named("refs/heads/main")))
        #expect(WebhookSettings.concerns("refs/heads/anything", followed: .defaultBranch))
        #expect(!WebhookSettings.concerns("refs/tags/v1", followed: .defaultBranch))
        #expect(!WebhookSettings.concerns("refs/heads/main", followed: .commit("0123456789abcdef0123456789abcdef01234567")))
    }
}
