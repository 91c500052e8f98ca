import Controller
import Foundation
import Providers
import Testing

/// Push webhooks: signatures per forge (accepted, forged, unsigned, malformed) and the ref
/// and revision read from each payload format.
@Suite struct WebhookVerifierTests {
    let body = Data(#"{"ref":"refs/heads/main","after":"0123456789abcdef0123456789abcdef01234567"}"#.utf8)
    let secret = "It's a Secret to Everybody"

    @Test func gitHubExampleFromItsDocumentation() {
        // The worked example in GitHub's "Validating webhook deliveries".
        let headers: HTTPHeaders = ["X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"]
        #expect(WebhookVerifier.verify(.github, headers: headers, body: Data("Hello, World!".utf8), secret: secret) == .accepted)
    }

    @Test(arguments: GitForge.allCases)
    func aCorrectSignatureIsAccepted(_ forge: GitForge) {
        #expect(WebhookVerifier.verify(forge, headers: signed(forge, body, secret), body: body, secret: secret) == .accepted)
    }

    @Test(arguments: GitForge.allCases)
    func aSignatureMadeWithAnotherSecretIsRejected(_ forge: GitForge) {
        let verdict = WebhookVerifier.verify(forge, headers: signed(forge, body, "guessed"), body: body, secret: secret)
        #expect(!verdict.isAccepted)
    }

    @Test(arguments: [GitForge.github, .gitea, .generic])
    func aChangedBodyIsRejected(_ forge: GitForge) {
        var tampered = body
        tampered.append(contentsOf: Array(" ".utf8))
        #expect(!WebhookVerifier.verify(forge, headers: signed(forge, body, secret), body: tampered, secret: secret).isAccepted)
    }

    @Test(arguments: GitForge.allCases)
    func anUnsignedRequestIsRejectedAndSaysSo(_ forge: GitForge) {
        guard case .rejected(let reason) = WebhookVerifier.verify(forge, headers: [:], body: body, secret: secret) else {
            Issue.record("accepted an unsigned request")
            return
        }
        #expect(reason.contains("unsigned"))
        #expect(!reason.contains(secret))
    }

    @Test func anotherForgesSignatureDoesNotCount() {
        // Signed the GitHub way, but the endpoint expects Gitea's header.
        #expect(!WebhookVerifier.verify(.gitea, headers: signed(.github, body, secret), body: body, secret: secret).isAccepted)
    }

    @Test func malformedAndDuplicatedHeadersAreRejected() {
        let hex = HMACSignature.hex(body, key: Array(secret.utf8))
        #expect(!WebhookVerifier.verify(.github, headers: ["X-Hub-Signature-256": hex], body: body, secret: secret).isAccepted)
        #expect(!WebhookVerifier.verify(.github, headers: ["X-Hub-Signature-256": "sha1=" + hex], body: body, secret: secret).isAccepted)
        var twice = HTTPHeaders()
        twice.add("X-Gitlab-Token", secret)
        twice.add("X-Gitlab-Token", "other")
        #expect(!WebhookVerifier.verify(.gitlab, headers: twice, body: body, secret: secret).isAccepted)
    }

    @Test func anEmptySecretAcceptsNothing() {
        #expect(!WebhookVerifier.verify(.gitlab, headers: ["X-Gitlab-Token": ""], body: body, secret: "").isAccepted)
        #expect(!WebhookVerifier.verify(.github, headers: signed(.github, body, ""), body: body, secret: "").isAccepted)
    }

    @Test func upperCaseHexIsAccepted() {
        let hex = HMACSignature.hex(body, key: Array(secret.utf8)).uppercased()
        #expect(WebhookVerifier.verify(.gitea, headers: ["X-Gitea-Signature": hex], body: body, secret: secret) == .accepted)
    }

    @Test func constantTimeComparison() {
        #expect(HMACSignature.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!HMACSignature.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!HMACSignature.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
    }

    // MARK: - Payloads

    @Test func gitHubAndGiteaPushesNameRefAndAfter() throws {
        for (forge, header) in [(GitForge.github, "X-GitHub-Event"), (.gitea, "X-Gitea-Event")] {
            let kind = try PushEvent.parse(forge, headers: [header: "push"], body: body)
            #expect(kind == .push(PushEvent(ref: "refs/heads/main", revision: "0123456789abcdef0123456789abcdef01234567")))
        }
    }

    @Test func gitLabPushPrefersCheckoutSHA() throws {
        let payload = Data(#"""
            {"object_kind":"push","ref":"refs/heads/prod","before":"95790bf891e76fee5e1747ab589903a6a1f80f22",
             "after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","checkout_sha":"DA1560886D4F094C3E6C9EF40349F7D38B5D27D7"}
            """#.utf8)
        let kind = try PushEvent.parse(.gitlab, headers: ["X-Gitlab-Event": "Push Hook"], body: payload)
        #expect(kind == .push(PushEvent(ref: "refs/heads/prod", revision: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")))
    }

    @Test func genericPayloadMayOmitTheRevision() throws {
        let kind = try PushEvent.parse(.generic, headers: [:], body: Data(#"{"ref":"refs/heads/main"}"#.utf8))
        #expect(kind == .push(PushEvent(ref: "refs/heads/main", revision: nil)))
    }

    @Test func aDeletedBranchHasNoRevision() throws {
        let payload = Data(#"{"ref":"refs/heads/old","after":"0000000000000000000000000000000000000000"}"#.utf8)
        #expect(try PushEvent.parse(.github, headers: ["X-GitHub-Event": "push"], body: payload)
            == .push(PushEvent(ref: "refs/heads/old", revision: nil)))
    }

    @Test func pingsAndOtherEventsAreIgnored() throws {
        #expect(try PushEvent.parse(.github, headers: ["X-GitHub-Event": "ping"], body: Data("{}".utf8)) == .ignored(event: "ping"))
        #expect(try PushEvent.parse(.gitlab, headers: ["X-Gitlab-Event": "Tag Push Hook"], body: Data("{}".utf8))
            == .ignored(event: "Tag Push Hook"))
    }

    @Test func unreadablePayloadsAreErrors() {
        #expect(throws: PushEvent.ParseError.self) { try PushEvent.parse(.github, headers: [:], body: body) }
        #expect(throws: PushEvent.ParseError.self) {
            try PushEvent.parse(.github, headers: ["X-GitHub-Event": "push"], body: Data("not json".utf8))
        }
        #expect(throws: PushEvent.ParseError.self) {
            try PushEvent.parse(.gitea, headers: ["X-Gitea-Event": "push"], body: Data(#"{"after":"abc"}"#.utf8))
        }
        #expect(throws: PushEvent.ParseError.self) {
            try PushEvent.parse(.generic, headers: [:], body: Data(#"{"ref":"refs/heads/x","revision":"; rm -rf /"}"#.utf8))
        }
    }

    private func signed(_ forge: GitForge, _ body: Data, _ secret: String) -> HTTPHeaders {
        let hex = HMACSignature.hex(body, key: Array(secret.utf8))
        switch forge {
        case .github: return ["X-Hub-Signature-256": "sha256=" + hex]
        case .gitlab: return ["X-Gitlab-Token": secret]
        case .gitea: return ["X-Gitea-Signature": hex]
        case .generic: return [HMACSignature.header: "sha256=" + hex]
        }
    }
}
