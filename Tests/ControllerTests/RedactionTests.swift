@testable import Controller
import Foundation
import Providers
import Spec
import Synchronization
import Testing

@Suite("secrets never reach a plan's output")
struct RedactionTests {
    @Test("patterns", arguments: [
        ("GET https://admin:Winter2025@vc.example.com/sdk failed", "GET https://<redacted>@vc.example.com/sdk failed"),
        ("login failed: password=Winter2025&user=svc", "login failed: password=<redacted>&user=svc"),
        ("header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc", "header Authorization: Bearer <redacted>"),
        ("bad secretKey: \"AKIAxyz123\" given", "bad secretKey: \"<redacted>\" given"),
        ("authToken=abcdef0123 expired", "authToken=<redacted> expired"),
        ("sent Basic c3ZjOldpbnRlcjIwMjU= to the server", "sent Basic <redacted> to the server"),
        ("secret 0001:" + String(repeating: "ab", count: 64) + " refused", "secret 0001:<redacted> refused"),
        ("connection refused (port 443): see https://docs.example.com/a", "connection refused (port 443): see https://docs.example.com/a"),
        ("token budget exceeded", "token budget exceeded"),
    ])
    func patterns(input: String, expected: String) {
        #expect(Redactor().redact(input) == expected)
    }

    @Test("the pre-check lets ordinary text through untouched and never misses a pattern")
    func preCheck() {
        for text in ["vc: unreachable: connection refused", "The newest STARFACE backup is 3d old.", "a: b = c", "snapshot-42 of vm-7"] {
            #expect(!Redactor.mightNeedRedaction(text), "\(text)")
        }
        for text in ["x https://u:p@h", "PASSWORD = x", "token:abc", "bearer abcdefghij", String(repeating: "f", count: 64)] {
            #expect(Redactor.mightNeedRedaction(text), "\(text)")
        }
    }

    @Test("the pre-check never says no where a pattern matches (random texts of key words, separators and hex)")
    func preCheckNeverMisses() {
        let fragments = ["password", "Token", "x-dr-session", "API-KEY", "basic", "Bearer", "word", "_", "-", ":", "=", " ", "  ",
                         "\"", "'", "//", "://", "@", "/", ".", "é", "\n", "abcdef0123456789", "0123456789ABCDEF", "g",
                         "to\u{212A}en"]
        var generator = SystemRandomNumberGenerator()
        var checked = 0, matched = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in fragments.randomElement(using: &generator)! }.joined()
            let changed = Redactor.rewritingPatterns(text) != text
            if changed { matched += 1 }
            #expect(!changed || Redactor.mightNeedRedaction(text), "missed: \(text)")
            checked += 1
        }
        #expect(matched > 1_000)   // the texts do exercise the patterns
    }

    @Test("known secret values are removed from text about their provider")
    func knownValues() {
        let redactor = Redactor(secrets: ["hook-token-123"], providerSecrets: ["vc": ["Sup3r$ecret"]])
        #expect(redactor.redact("echo Sup3r$ecret", providers: ["vc"]) == "echo <redacted>")
        #expect(redactor.redact("echo hook-token-123") == "echo <redacted>")
        #expect(Redactor(secrets: ["abc"]).redact("abc") == "abc")   // too short to be told from words
    }

    @Test("secret references in the spec are resolved for redaction only")
    func resolving() throws {
        let spec = try World().spec()
        let redactor = Redactor.resolving(spec) { reference in
            reference.description == "${env:VC_PASSWORD}" ? "vc-pass-4711" : nil
        }
        #expect(redactor.redact("login as svc/vc-pass-4711 failed", providers: ["vc"]) == "login as svc/<redacted> failed")
    }

    @Test("every secret reference is resolved once, when the redactor is made")
    func resolvedOnce() throws {
        final class Calls: Sendable { let count = Mutex(0) }
        let calls = Calls()
        let spec = try World().spec()
        let redactor = Redactor.resolving(spec) { reference in
            calls.count.withLock { $0 += 1 }
            return reference.description == "${env:VC_PASSWORD}" ? "vc-pass-4711" : nil
        }
        var references: [SecretReference] = []
        spec.providers.appendSecretReferences(to: &references)
        for sink in spec.alerts { sink.appendSecretReferences(to: &references) }
        #expect(calls.count.withLock { $0 } == references.count)
        #expect(redactor.redact("echo vc-pass-4711", providers: ["vc"]) == "echo <redacted>")
        #expect(redactor.scoped(to: ["vc"]).redact("again vc-pass-4711") == "again <redacted>")
        #expect(redactor.scoped(to: ["standby"]).redact("vc-pass-4711 elsewhere", providers: ["vc"]) == "<redacted> elsewhere")
        #expect(calls.count.withLock { $0 } == references.count)
    }

    @Test("a provider echoing credentials: no renderer prints them")
    func rendered() throws {
        var world = World()
        world.overrides[World.jobRef] = .unknown(ProviderError(.auth, "POST https://svc:hunter2@veeam.example.com:9419/api/oauth2/token with password=hunter2 refused",
                                                               provider: "veeam"))
        world.overrides[World.standbyRef] = .unknown(ProviderError(.protocol, "server said: Sup3rSecretValue", provider: "standby"))
        let redactor = Redactor(providerSecrets: ["standby": ["Sup3rSecretValue"]])
        let plan = try world.plan(redactor: redactor)
        for format in PlanOutputFormat.allCases {
            let output = format.view(color: false).render(plan)
            #expect(!output.contains("hunter2"), "\(format)")
            #expect(!output.contains("Sup3rSecretValue"), "\(format)")
            // Markdown escapes the angle brackets, so GitHub shows them instead of eating a tag.
            #expect(output.contains(format == .markdown ? "&lt;redacted&gt;" : "<redacted>"), "\(format)")
        }
    }
}
