@testable import Controller
import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// The real sinks against peers on 127.0.0.1: Debian's prometheus-alertmanager, aiosmtpd,
/// and a recording HTTP endpoint standing in for webhook, Slack and Teams receivers.
@Suite struct AlertSinkPeerTests {
    let clock = ManualClock()

    func dispatcher(_ sink: ConfiguredAlertSink) -> AlertDispatcher {
        let clock = self.clock
        return AlertDispatcher(sinks: [sink], options: .init(repostInterval: .seconds(60)), now: { clock.now },
                               sleep: { _ in }, random: { 0 })
    }

    @Test func alertmanagerReceivesFiringAlertsAndTheirResolution() async throws {
        let peer = try AlertmanagerPeer()
        defer { peer.stop() }
        let client = AlertmanagerSinkClient(name: "ops", baseURL: peer.baseURL, client: try AlertPeerHTTP.client(),
                                            validity: .seconds(86_400 * 365 * 20))
        // Real time: Alertmanager compares endsAt with its own clock.
        let alerts = AlertDispatcher(sinks: [ConfiguredAlertSink(name: "ops", kind: "alertmanager", minimumSeverity: .warning,
                                                                 repostsWhileFiring: true, client: client)],
                                     options: .init(generatorURL: "http://controller.example/api/v1/status"))
        let backup = AlertPlans.alert(.bak1, .critical)
        let snapshot = AlertPlans.alert(.snp1, .warning, address: "vc-muc/vm/starface-pbx01#snapshot:snapshot-7")
        let advice = AlertPlans.alert(.inf1, .info, address: "vc-muc")
        await alerts.update(with: AlertPlans.plan(alerts: [backup, snapshot, advice]))
        await alerts.drain()
        #expect(await alerts.sinkStatuses().first?.lastError == nil)

        let firing = try await peer.alerts()
        #expect(Set(firing.compactMap { ($0["labels"] as? [String: String])?["alertname"] }) == ["BAK-1", "SNP-1"],
                "INF-1 is below the sink's minimum severity")
        let labels = try #require(firing.first { ($0["labels"] as? [String: String])?["alertname"] == "BAK-1" }?["labels"] as? [String: String])
        #expect(labels["instance"] == "pbx-main")
        #expect(labels["severity"] == "critical")
        #expect(labels["resource"] == "vc-muc/vm/starface-pbx01")
        #expect(labels["fingerprint"] == AlertEvent.fingerprint(ofFindingID: backup.id))
        let first = try #require(firing.first { ($0["labels"] as? [String: String])?["alertname"] == "BAK-1" })
        #expect((first["annotations"] as? [String: String])?["summary"] == backup.message)
        #expect(first["generatorURL"] as? String == "http://controller.example/api/v1/status")
        #expect((first["status"] as? [String: Any])?["state"] as? String == "active")

        // BAK-1 cleared: resolved with endsAt now; Alertmanager stops listing it.
        await alerts.update(with: AlertPlans.plan(alerts: [snapshot], findings: [AlertPlans.finding(for: backup, .satisfied)]))
        await alerts.drain()
        let after = try await peer.alerts()
        #expect(after.compactMap { ($0["labels"] as? [String: String])?["alertname"] } == ["SNP-1"])
    }

    @Test func genericWebhookIsSignedAndSlackAndTeamsGetTheirFormats() async throws {
        let server = try CaptureServer()
        defer { server.stop() }
        let http = try AlertPeerHTTP.client()
        let secret = "webhook-signing-key"
        let sinks = [
            ConfiguredAlertSink(name: "hook", kind: "webhook", minimumSeverity: .warning,
                                client: WebhookSinkClient(name: "hook", url: server.url("/generic"), secret: secret, client: http)),
            ConfiguredAlertSink(name: "slack", kind: "slack", minimumSeverity: .warning,
                                client: SlackSinkClient(name: "slack", url: server.url("/slack/T000/B000/XXXX"), client: http)),
            ConfiguredAlertSink(name: "teams", kind: "teams", minimumSeverity: .warning,
                                client: TeamsSinkClient(name: "teams", url: server.url("/teams?sig=abc"), client: http)),
        ]
        let clock = self.clock
        let alerts = AlertDispatcher(sinks: sinks, now: { clock.now }, sleep: { _ in })
        let alert = AlertPlans.alert(.bak2, .critical)
        await alerts.update(with: AlertPlans.plan(alerts: [alert]))
        clock.advance(300)
        await alerts.update(with: AlertPlans.plan(alerts: []))
        await alerts.drain()

        let requests = try await server.captured()
        let generic = requests.filter { $0.path == "/generic" }
        #expect(generic.count == 2)
        for request in generic {
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["x-sfreconcile-event"] == "alerts")
            let expected = HMACSignature.prefixed(Data(request.body.utf8), key: Array(secret.utf8))
            #expect(request.headers["x-sfreconcile-signature-256"] == expected)
            // The receiver's side of the contract: the verifier accepts what the sink signed.
            var headers = HTTPHeaders()
            for (name, value) in request.headers { headers.add(name, value) }
            #expect(WebhookVerifier.verify(.generic, headers: headers, body: Data(request.body.utf8), secret: secret) == .accepted)
        }
        let document = try #require(JSONSerialization.jsonObject(with: Data(generic[0].body.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "1")
        let event = try #require((document["alerts"] as? [[String: Any]])?.first)
        #expect(event["rule"] as? String == "BAK-2")
        #expect(event["status"] as? String == "firing")
        let resolvedDocument = try #require(JSONSerialization.jsonObject(with: Data(generic[1].body.utf8)) as? [String: Any])
        #expect(resolvedDocument["resolved"] as? Int == 1)

        let slack = requests.filter { $0.path.hasPrefix("/slack/") }
        #expect(slack.count == 2)
        let text = try #require((JSONSerialization.jsonObject(with: Data(slack[0].body.utf8)) as? [String: Any])?["text"] as? String)
        #expect(text.contains("BAK-2") && text.contains("pbx-main") && text.contains("CRITICAL"))

        let teams = requests.filter { $0.path.hasPrefix("/teams") }
        #expect(teams.count == 2)
        let message = try #require(JSONSerialization.jsonObject(with: Data(teams[0].body.utf8)) as? [String: Any])
        #expect(message["type"] as? String == "message")
        let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect((card["body"] as? [[String: Any]])?.contains { $0["type"] as? String == "FactSet" } == true)
    }

    @Test func httpErrorsSayWhetherToRetry() async throws {
        let server = try CaptureServer()
        defer { server.stop() }
        let http = try AlertPeerHTTP.client()
        let batch = AlertBatch(events: [], createdAt: AlertPlans.start)
        for (status, transient) in [(503, true), (429, true), (404, false), (401, false)] {
            let client = WebhookSinkClient(name: "hook", url: server.url("/status/\(status)"), secret: nil, client: http)
            let error = await #expect(throws: AlertDeliveryError.self) { try await client.deliver(batch) }
            #expect(error?.isTransient == transient, "HTTP \(status)")
        }
        let closedPort = try TCPPort.free()
        let unreachable = WebhookSinkClient(name: "hook", url: "http://127.0.0.1:\(closedPort)/x", secret: nil, client: http)
        let error = await #expect(throws: AlertDeliveryError.self) { try await unreachable.deliver(batch) }
        #expect(error?.isTransient == true)
    }

    @Test func mailGoesThroughSTARTTLSWithAuthentication() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let smtp = try SMTPClient(configuration: SMTPClient.Configuration(
            url: "smtp://localhost:\(peer.port)", username: peer.user, password: SecretValue(peer.password),
            tls: .init(verifyPeer: true, caFile: peer.certificate)))
        let sink = ConfiguredAlertSink(name: "mail", kind: "smtp", minimumSeverity: .warning,
                                       client: SMTPSinkClient(name: "mail", from: "sfreconcile@example.com",
                                                              to: ["ops@example.com", "oncall@example.com"], client: smtp))
        let alerts = dispatcher(sink)
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical, message: "Sicherung zu alt: 3 Tage. Grüße")]))
        await alerts.drain()
        #expect(await alerts.sinkStatuses().first?.lastError == nil)

        let mails = try peer.mails()
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.mail_from == "sfreconcile@example.com")
        #expect(mail.rcpt_tos == ["ops@example.com", "oncall@example.com"])
        #expect(mail.tls, "STARTTLS was used")
        #expect(mail.user == peer.user)
        #expect(mail.data.contains("Subject: [sfreconcile] CRITICAL BAK-1 on pbx-main\r\n"))
        #expect(mail.data.contains("To: ops@example.com, oncall@example.com\r\n"))
        #expect(mail.data.contains("X-Sfreconcile-Fingerprints: \(AlertEvent.fingerprint(ofFindingID: "pbx-main:BAK-1:vc-muc/vm/starface-pbx01"))"))
        #expect(mail.data.contains("Gr=C3=BC=C3=9Fe"), "UTF-8 body, quoted-printable")
    }

    @Test func mailWithAWrongPasswordFailsWithAdviceAndIsNotRetried() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let smtp = try SMTPClient(configuration: SMTPClient.Configuration(
            url: "smtp://localhost:\(peer.port)", username: peer.user, password: SecretValue("wrong-password-123"),
            tls: .init(verifyPeer: true, caFile: peer.certificate)))
        let client = SMTPSinkClient(name: "mail", from: "a@example.com", to: ["b@example.com"], client: smtp)
        let error = await #expect(throws: AlertDeliveryError.self) {
            try await client.deliver(AlertBatch(events: [], createdAt: AlertPlans.start))
        }
        #expect(error?.isTransient == false, "\(String(describing: error))")
        #expect(error?.advice.contains("password") == true, "\(String(describing: error))")
        #expect(error?.description.contains("wrong-password-123") == false)
        #expect(try peer.mails().isEmpty)
    }

    @Test func mailRefusesAServerWithoutTrustedTLS() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        // No CA file: the throwaway certificate is not trusted, so nothing is sent.
        let smtp = try SMTPClient(configuration: SMTPClient.Configuration(
            url: "smtp://localhost:\(peer.port)", username: peer.user, password: SecretValue(peer.password)))
        let client = SMTPSinkClient(name: "mail", from: "a@example.com", to: ["b@example.com"], client: smtp)
        let error = await #expect(throws: AlertDeliveryError.self) {
            try await client.deliver(AlertBatch(events: [], createdAt: AlertPlans.start))
        }
        #expect(error?.isTransient == false, "\(String(describing: error))")
        #expect(try peer.mails().isEmpty)
    }
}
