import Foundation
import Providers

/// The peers of the alert tests, each run under Tests/ProvidersTests/Fakes/watchdog.py
/// (so it dies with the test process) on a free loopback port:
/// - `AlertmanagerPeer`: Debian's real `prometheus-alertmanager`;
/// - `SMTPPeer`: a real SMTP server, aiosmtpd (Peers/smtp_peer.py), STARTTLS + AUTH;
/// - `CaptureServer`: a recording HTTP endpoint standing in for webhook, Slack and Teams
///   receivers (Peers/capture_http_server.py) — a fake, not those services.
enum AlertPeers {
    static let watchdog = Paths.root.appendingPathComponent("Tests/ProvidersTests/Fakes/watchdog.py").path
    static let peers = Paths.root.appendingPathComponent("Tests/ControllerTests/Peers")

    /// Starts `command` under the watchdog on a free port (`command(port)`), trying three ports.
    static func start(_ command: (Int) -> [String]) throws -> ServerProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                let port = try TCPPort.free()
                return try ServerProcess.start(["python3", watchdog, "--limit", "300", "--"] + command(port), port: port)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    static func httpClient() throws -> HTTPClient {
        try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(10)), warn: { _ in })
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A recording HTTP endpoint (a fake receiver).
final class CaptureServer {
    struct Request: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let server: ServerProcess

    init() throws {
        server = try AlertPeers.start { ["python3", AlertPeers.peers.appendingPathComponent("capture_http_server.py").path, String($0)] }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }

    func captured() async throws -> [Request] {
        let response = try await AlertPeers.httpClient().send(HTTPRequest(url: url("/_captured")))
        return try JSONDecoder().decode([Request].self, from: response.body)
    }

    func stop() { server.stop() }
}

/// Debian's prometheus-alertmanager with a throwaway configuration and storage, clustering off.
final class AlertmanagerPeer {
    let server: ServerProcess
    let directory: URL

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus-alertmanager") else {
            throw Shell.Failure(command: "prometheus-alertmanager", status: -1,
                                output: "not installed; run scripts/test.sh (installs Debian's prometheus-alertmanager)")
        }
        directory = try AlertPeers.temporaryDirectory("alertmanager")
        let config = directory.appendingPathComponent("alertmanager.yml")
        try Data("route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n".utf8).write(to: config)
        let storage = directory.appendingPathComponent("data").path
        server = try AlertPeers.start { port in
            ["/usr/bin/prometheus-alertmanager", "--config.file=\(config.path)", "--storage.path=\(storage)",
             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address="]
        }
    }

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// `GET /api/v2/alerts`: the alerts Alertmanager holds as not resolved.
    func alerts() async throws -> [[String: Any]] {
        let response = try await AlertPeers.httpClient().send(HTTPRequest(url: baseURL + "/api/v2/alerts"))
        return try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// aiosmtpd with STARTTLS (a throwaway certificate for 127.0.0.1) and AUTH for one user.
final class SMTPPeer {
    struct Mail: Decodable {
        var mail_from: String
        var rcpt_tos: [String]
        var data: String
        var user: String?
        var tls: Bool
    }

    let server: ServerProcess
    let directory: URL
    let certificate: String
    let user = "alerts"
    let password = "mail-Pa55word"

    init() throws {
        directory = try AlertPeers.temporaryDirectory("smtp")
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                       "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate])
        let out = directory.appendingPathComponent("mail.jsonl").path
        let (user, password, certificate) = (self.user, self.password, self.certificate)
        server = try AlertPeers.start { port in
            ["python3", AlertPeers.peers.appendingPathComponent("smtp_peer.py").path, String(port), certificate, key, out, user, password]
        }
    }

    var port: Int { server.port }

    /// The mails received so far.
    func mails() throws -> [Mail] {
        let url = directory.appendingPathComponent("mail.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Mail.self, from: Data($0.utf8)) }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
