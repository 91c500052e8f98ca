import Foundation

/// The peers of the alert-sink tests, each started with `Peer.server` (under the watchdog,
/// so it dies with the test process) on a free loopback port:
/// - `AlertmanagerPeer`: Debian's real `prometheus-alertmanager`;
/// - `SMTPPeer`: a real SMTP server, aiosmtpd (smtp_peer.py), with STARTTLS and AUTH;
/// - `CaptureServer`: a recording HTTP endpoint standing in for webhook, Slack and Teams
///   receivers (capture_http_server.py) — a fake, not those services.
/// Reading what they received over HTTP is up to the test target (it has an HTTP client).
public enum AlertPeers {
    static let folder = RepositoryPaths.root.appendingPathComponent("Tests/TestSupport")

    static func script(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

/// A recording HTTP endpoint (a fake receiver): POSTs are recorded and answered 200, or N
/// for `/status/N`; `GET /_captured` lists them as JSON.
public final class CaptureServer: @unchecked Sendable {
    /// One recorded request.
    public struct Request: Decodable, Sendable {
        public var method: String
        public var path: String
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String
    }

    public let peer: Peer

    public init() throws {
        peer = try Peer.onFreePort { port in
            try Peer.server([try Peer.python(), AlertPeers.script("capture_http_server.py"), String(port)], port: port, limit: 300)
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { peer.baseURL + path }

    public func stop() { peer.stop() }
}

/// Debian's prometheus-alertmanager with a throwaway configuration and storage, clustering off.
public final class AlertmanagerPeer: @unchecked Sendable {
    public static let binary = "/usr/bin/prometheus-alertmanager"
    public let peer: Peer

    public init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw PeerError(description: "prometheus-alertmanager is not installed; run scripts/test.sh (Debian package prometheus-alertmanager)")
        }
        let directory = try RepositoryPaths.temporaryDirectory("alertmanager")
        let config = directory.appendingPathComponent("alertmanager.yml")
        try Data("route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n".utf8).write(to: config)
        let storage = directory.appendingPathComponent("data").path
        peer = try Peer.onFreePort { port in
            try Peer.server([Self.binary, "--config.file=\(config.path)", "--storage.path=\(storage)",
                             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address="], port: port, limit: 300)
        }
        peer.cleanup.append(directory)
    }

    public var baseURL: String { peer.baseURL }

    public func stop() { peer.stop() }
}

/// aiosmtpd offering STARTTLS with a throwaway certificate for localhost / 127.0.0.1,
/// requiring it before AUTH, and accepting one user. Each accepted mail is one JSON line
/// in a file, read back with `mails()`.
public final class SMTPPeer: @unchecked Sendable {
    /// One received mail.
    public struct Mail: Decodable, Sendable {
        public var mail_from: String
        public var rcpt_tos: [String]
        /// The message as received (headers and body, CRLF line ends).
        public var data: String
        /// The user that authenticated, if any.
        public var user: String?
        /// Whether the session had switched to TLS.
        public var tls: Bool
    }

    public let peer: Peer
    /// The PEM certificate to trust (`caFile`).
    public let certificate: String
    public let user = "alerts"
    public let password = "mail-Pa55word"
    private let out: URL

    public init() throws {
        let directory = try RepositoryPaths.temporaryDirectory("smtp")
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                       "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate])
        out = directory.appendingPathComponent("mail.jsonl")
        let (user, password, certificate, out) = (self.user, self.password, self.certificate, self.out.path)
        peer = try Peer.onFreePort { port in
            try Peer.server([try Peer.python(), AlertPeers.script("smtp_peer.py"), String(port), certificate, key, out, user, password],
                            port: port, limit: 300)
        }
        peer.cleanup.append(directory)
    }

    public var port: Int { peer.port }

    /// The mails received so far.
    public func mails() throws -> [Mail] {
        guard let text = try? String(contentsOf: out, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Mail.self, from: Data($0.utf8)) }
    }

    public func stop() { peer.stop() }
}
