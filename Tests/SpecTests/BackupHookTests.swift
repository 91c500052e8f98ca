import Spec
import Testing

/// `providers.<starface>.backupHook`: how sfreconcile starts a STARFACE backup.
@Suite("Backup hook")
struct BackupHookTests {
    static let sshLine = "    ssh: { host: pbx.example.com, user: sf, keyFile: /etc/sfreconcile/key }\n"

    /// The base spec with `hook` (YAML lines at provider level) added to the live PBX.
    func spec(hook: String) -> String {
        baseSpec(replacing: Self.sshLine, with: Self.sshLine + hook)
    }

    func starface(_ result: SpecLoadResult) -> StarfaceSettings? {
        if case .starface(let settings)? = result.spec.providers["live-pbx"] { return settings }
        return nil
    }

    @Test("a command hook decodes with its default timeout")
    func commandHook() throws {
        let result = load(spec(hook: "    backupHook: { command: [/usr/local/bin/start-backup, --pbx, live] }\n"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let hook = try #require(starface(result)?.backupHook)
        #expect(hook.command == ["/usr/local/bin/start-backup", "--pbx", "live"])
        #expect(hook.http == nil)
        #expect(hook.timeout == .minutes(5))
    }

    @Test("an HTTP hook decodes with secret headers, method and timeout")
    func httpHook() throws {
        let yaml = spec(hook: """
                backupHook:
                  timeout: 30s
                  http:
                    url: ${env:HOOK_URL}
                    method: PUT
                    headers:
                      - { name: Authorization, value: "${env:HOOK_TOKEN}" }
                      - { name: X-Source, value: sfreconcile }

            """)
        let result = load(yaml)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let hook = try #require(starface(result)?.backupHook)
        let http = try #require(hook.http)
        #expect(http.url == .secret(.environment("HOOK_URL")))
        #expect(http.method == .PUT)
        #expect(http.headers.map(\.name) == ["Authorization", "X-Source"])
        #expect(http.headers[0].value == .secret(.environment("HOOK_TOKEN")))
        #expect(http.headers[1].value == .text("sfreconcile"))
        #expect(hook.timeout == .seconds(30))
    }

    @Test("a provider lists every secret reference it holds, nested ones included, and no plain text")
    func secretReferences() throws {
        let yaml = spec(hook: """
                backupHook:
                  http:
                    url: ${env:HOOK_URL}
                    headers:
                      - { name: Authorization, value: "${file:/etc/sfreconcile/hook-token}" }
                      - { name: X-Source, value: "sfreconcile" }

            """)
        let result = load(yaml)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        var references: [SecretReference] = []
        try #require(result.spec.providers["live-pbx"]).appendSecretReferences(to: &references)
        #expect(references == [.environment("PBX_PASSWORD"), .environment("HOOK_URL"), .file("/etc/sfreconcile/hook-token")])
        // The walk skips what cannot hold one.
        #expect(StarfaceSettings.mayHoldSecrets && HookHeader.mayHoldSecrets && [HookHeader].mayHoldSecrets)
        #expect(!Site.mayHoldSecrets && !TLSSettings.mayHoldSecrets && !EndpointURL.mayHoldSecrets)
    }

    @Test("without a hook the setting is absent")
    func noHook() {
        #expect(starface(load(baseSpec))?.backupHook == nil)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var hook: String
        var code: DiagnosticCode
        var severity: Diagnostic.Severity = .error
        var path: String
        var testDescription: String { "\(code.rawValue) at \(path)" }
    }

    static let invalid: [Case] = [
        .init(hook: "    backupHook: { timeout: 1m }\n", code: .missingKey, path: "providers.live-pbx.backupHook"),
        .init(hook: "    backupHook: { command: [/bin/true], http: { url: https://hook.example.com } }\n", code: .invalidValue,
              path: "providers.live-pbx.backupHook"),
        .init(hook: "    backupHook: { command: [] }\n", code: .invalidValue, path: "providers.live-pbx.backupHook.command"),
        .init(hook: "    backupHook: { command: [start-backup.sh] }\n", code: .invalidValue, path: "providers.live-pbx.backupHook.command[0]"),
        .init(hook: "    backupHook: { http: { url: ftp://hook.example.com/x } }\n", code: .invalidValue,
              path: "providers.live-pbx.backupHook.http.url"),
        .init(hook: "    backupHook: { http: { url: https://hook.example.com, headers: [{ name: \"Bad Name\", value: x }] } }\n",
              code: .invalidValue, path: "providers.live-pbx.backupHook.http.headers[0].name"),
        .init(hook: "    backupHook: { http: { url: http://hook.example.com, headers: [{ name: Authorization, value: \"${env:T}\" }] } }\n",
              code: .insecureTransport, severity: .warning, path: "providers.live-pbx.backupHook.http.url"),
        .init(hook: "    backupHook: { http: { url: https://hook.example.com, method: DELETE } }\n", code: .invalidValue,
              path: "providers.live-pbx.backupHook.http.method"),
        .init(hook: "    backupHook: { command: [/bin/true], timeout: 0s }\n", code: .invalidValue,
              path: "providers.live-pbx.backupHook.timeout"),
        .init(hook: "    backupHook: { command: [/bin/true], shell: bash }\n", code: .unknownKey,
              path: "providers.live-pbx.backupHook.shell"),
    ]

    @Test("invalid hooks are located errors", arguments: invalid)
    func invalidHook(_ testCase: Case) throws {
        let result = load(spec(hook: testCase.hook))
        let diagnostic = try #require(result.diagnostics.first { $0.code == testCase.code && $0.severity == testCase.severity },
                                      "got \(result.diagnostics.map { "\($0.code) \($0.path ?? ""): \($0.message)" })")
        #expect(diagnostic.path == testCase.path)
        #expect(diagnostic.location.line > 1)
        #expect(!(diagnostic.hint ?? "").isEmpty)
    }

    @Test("the schema describes the hook")
    func schema() {
        let text = SpecDocument.documentSchema.serialized()
        #expect(text.contains("\"backupHook\""))
        #expect(text.contains("SFRECONCILE_INSTANCE"))
        #expect(text.contains("\"PUT\""))
    }
}
