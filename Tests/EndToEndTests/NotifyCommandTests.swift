import Foundation
import Testing
import TestSupport

/// `sfreconcile notify --test` run as an admin runs it, against Debian's real
/// prometheus-alertmanager and a recording HTTP endpoint (a stand-in for a webhook
/// receiver; capture_http_server.py).
@Suite("notify command")
struct NotifyCommandTests {
    /// The quickstart example with `alerts` appended, in a fresh folder.
    func spec(alerts: String) throws -> URL {
        let directory = try RepositoryPaths.temporaryDirectory("notify")
        let example = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/quickstart/starface.yaml"), encoding: .utf8)
        try Data((example + "\nalerts:\n" + alerts).utf8).write(to: directory.appendingPathComponent("starface.yaml"))
        return directory
    }

    @Test("reports each sink, exits 1 when one refuses")
    func reportsEachSink() throws {
        let alertmanager = try AlertmanagerPeer()
        defer { alertmanager.stop() }
        let receiver = try CaptureServer()
        defer { receiver.stop() }
        let directory = try spec(alerts: """
              - { name: ops, type: alertmanager, url: "\(alertmanager.baseURL)" }
              - { name: hook, type: webhook, url: "\(receiver.url("/hook"))", secret: "${env:HOOK_KEY}" }
              - { name: chat, type: webhook, format: slack, url: "\(receiver.url("/status/404"))" }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOOK_KEY"] = "a-signing-key-for-tests"

        let all = try CommandRunner.sfreconcile(["notify", "--test", directory.path], environment: environment)
        #expect(all.status == 1, "\(all.stdout)\(all.stderr)")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "ok    ops (alertmanager): test alert sent and resolved")
        #expect(lines.contains("ok    hook (webhook): test alert sent and resolved"))
        #expect(lines.contains { $0.hasPrefix("FAIL  chat (slack): ") && $0.contains("HTTP 404") })
        #expect(!all.stdout.contains("a-signing-key-for-tests"))

        let one = try CommandRunner.sfreconcile(["notify", "--test", directory.path, "--sink", "hook"], environment: environment)
        #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
        #expect(one.stdout == "ok    hook (webhook): test alert sent and resolved\n")
    }

    @Test("mails through STARTTLS with AUTH, trusting the spec's tls.caFile")
    func mail() throws {
        let server = try SMTPPeer()
        defer { server.stop() }
        let directory = try spec(alerts: """
              - name: mail
                type: smtp
                url: smtp://localhost:\(server.port)
                from: sfreconcile@example.com
                to: [oncall@example.com]
                username: \(server.user)
                password: ${env:SMTP_PASSWORD}
                tls: { caFile: "\(server.certificate)" }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["SMTP_PASSWORD"] = server.password
        let result = try CommandRunner.sfreconcile(["notify", "--test", directory.path], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let mails = try server.mails()
        #expect(mails.count == 2, "the test alert and its resolution")
        #expect(mails.allSatisfy { $0.tls && $0.user == server.user && $0.rcpt_tos == ["oncall@example.com"] })
        #expect(mails.first?.data.contains("Subject: [sfreconcile] INFO TEST on sfreconcile-test\r\n") == true)
        #expect(mails.last?.data.contains("Subject: [sfreconcile] RESOLVED TEST on sfreconcile-test\r\n") == true)
    }

    @Test("an unreadable secret is an error naming the reference")
    func missingSecret() throws {
        let directory = try spec(alerts: """
              - { name: hook, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${env:SFRECONCILE_TEST_UNSET_KEY}" }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["SFRECONCILE_TEST_UNSET_KEY"] = nil
        let result = try CommandRunner.sfreconcile(["notify", "--test", directory.path], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("alert sink \"hook\": cannot resolve ${env:SFRECONCILE_TEST_UNSET_KEY}"))
    }

    @Test("without --test, or with an unknown sink, it is a usage error")
    func usage() throws {
        let directory = try spec(alerts: "  - { name: ops, type: alertmanager, url: \"http://127.0.0.1:9\" }\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bare = try CommandRunner.sfreconcile(["notify", directory.path])
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("--test"))
        let unknown = try CommandRunner.sfreconcile(["notify", "--test", directory.path, "--sink", "pager"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no alert sink named \"pager\""))
    }
}
