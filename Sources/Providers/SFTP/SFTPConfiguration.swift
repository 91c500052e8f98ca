import Foundation
import Spec

/// Where and as whom an `SFTPClient` logs in, and how long it waits. Built from the spec's
/// SSH settings; the password (if any) is resolved when the configuration is made, just
/// before use, and only revealed to libcurl.
public struct SFTPConfiguration: Sendable, CustomStringConvertible {
    /// How the client proves who it is.
    public enum Authentication: Sendable {
        /// A private key file (OpenSSH or PEM format, without passphrase). The public key
        /// is derived from it unless `publicKey` names a file.
        case privateKey(path: String, publicKey: String?)
        /// A password (SSH password or keyboard-interactive authentication).
        case password(SecretValue)
        /// The key first, then the password.
        case privateKeyOrPassword(path: String, publicKey: String?, password: SecretValue)
    }

    public var host: String
    public var port: Int
    public var user: String
    public var authentication: Authentication
    /// An OpenSSH known_hosts file the server's host key must be listed in. Nil turns host
    /// key checking off (reported by `warnings`).
    public var knownHostsFile: String?
    /// Longest wait for the TCP connection and SSH handshake.
    public var connectTimeout: Duration
    /// Longest wait for one whole operation (a listing with every file's details counts as one).
    public var timeout: Duration
    /// Largest file `read` accepts.
    public var maxFileBytes: Int

    public init(host: String, port: Int = 22, user: String, authentication: Authentication, knownHostsFile: String? = nil,
                connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30), maxFileBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.user = user
        self.authentication = authentication
        self.knownHostsFile = knownHostsFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxFileBytes = maxFileBytes
    }

    /// From the spec's `ssh` settings, resolving the password reference now.
    /// - Throws: `ProviderError(.configuration)` when the password secret cannot be read,
    ///   or neither a key nor a password is set.
    public init(_ ssh: SSHSettings, timeout: TimeSpan, environment: [String: String],
                provider: String? = nil) throws(ProviderError) {
        var password: SecretValue?
        if let reference = ssh.password {
            do {
                password = try reference.resolve(environment: environment)
            } catch {
                throw ProviderError(.configuration, "SSH password: \(error.description)",
                                    advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
            }
        }
        let authentication: Authentication
        switch (ssh.keyFile, password) {
        case (let key?, let password?): authentication = .privateKeyOrPassword(path: key, publicKey: nil, password: password)
        case (let key?, nil): authentication = .privateKey(path: key, publicKey: nil)
        case (nil, let password?): authentication = .password(password)
        case (nil, nil):
            throw ProviderError(.configuration, "SSH settings have neither keyFile nor password",
                                advice: "add keyFile (preferred) or password to the ssh settings", provider: provider)
        }
        let limit = Duration.seconds(max(1, timeout.seconds))
        self.init(host: ssh.host, port: ssh.port, user: ssh.user, authentication: authentication,
                  knownHostsFile: ssh.knownHostsFile, connectTimeout: min(.seconds(10), limit), timeout: limit)
    }

    /// What an admin must be told about this configuration.
    public var warnings: [String] {
        knownHostsFile == nil
            ? ["SSH host key of \(host) is not verified (no knownHostsFile): anyone on the network path can impersonate "
                + "the server; set knownHostsFile to a file holding its key (ssh-keyscan -p \(port) \(host))"]
            : []
    }

    /// `sftp://user@host:port`, for messages (never a secret).
    public var description: String { "sftp://\(user)@\(hostForURL):\(port)" }

    /// The host as written in a URL: IPv6 addresses in brackets.
    var hostForURL: String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host }

    /// The URL of `path` on this server: absolute paths from the root, relative ones from
    /// the login directory (`/~/`). Every byte outside the unreserved set and `/` is
    /// percent-encoded.
    func url(_ path: String, directory: Bool = false) -> String {
        var remote = path.hasPrefix("/") ? path : "/~/" + path
        if directory, !remote.hasSuffix("/") { remote += "/" }
        return "sftp://\(hostForURL):\(port)" + Self.percentEncodePath(remote)
    }

    static func percentEncodePath(_ path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}
