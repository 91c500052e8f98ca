import Foundation

/// Tests/TestSupport/http_test_server.py on a free loopback port, over HTTP or
/// HTTPS with a throwaway certificate for `localhost` / 127.0.0.1.
public final class TestHTTPServer: Sendable {
    public let peer: PeerProcess
    public let port: Int
    public let scheme: String
    /// The PEM certificate (HTTPS only), to name as CA file.
    public let certificateFile: String?

    public init(tls: Bool = false) throws {
        var arguments = [RepositoryPaths.path("Tests/TestSupport/http_test_server.py")]
        var certificate: String?
        if tls {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: RepositoryPaths.which("openssl") ?? "/usr/bin/openssl")
            openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw PeerError("openssl could not make a test certificate") }
            arguments += ["--cert", cert, "--key", key]
            certificate = cert
        }
        peer = try PeerProcess(RepositoryPaths.which("python3") ?? "/usr/bin/python3", arguments)
        guard let port = Int(peer.lines[0]) else { throw PeerError("the test server printed \(peer.lines[0])") }
        self.port = port
        self.scheme = tls ? "https" : "http"
        self.certificateFile = certificate
    }

    /// `scheme://localhost:port/path` (a name, not an address, so certificates match).
    public func url(_ path: String) -> String { "\(scheme)://localhost:\(port)\(path)" }

    public func stop() { peer.stop() }
}
