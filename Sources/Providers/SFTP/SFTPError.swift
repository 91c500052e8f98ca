/// Why an SFTP operation failed, classified from libcurl's result.
public struct SFTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// No connection: unresolvable host, refused, network down.
        case unreachable
        /// The connect or operation timeout passed.
        case timeout
        /// The server's host key is not in the known_hosts file, or differs from it.
        case hostKey
        /// The server refused the user, key or password.
        case auth
        /// The file or directory does not exist.
        case notFound
        /// The server refused access to the file or directory.
        case permission
        /// The file is larger than the client accepts.
        case tooLarge
        /// The connection broke mid-operation.
        case connectionLost
        /// The task was cancelled.
        case cancelled
        /// Anything else libcurl or libssh2 reported.
        case transport
    }

    public var kind: Kind
    public var message: String
    /// The remote path concerned.
    public var path: String
    /// libcurl's CURLcode, when the error came from libcurl.
    public var curlCode: Int?

    public init(_ kind: Kind, _ message: String, path: String, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.curlCode = curlCode
    }

    public var description: String { "\(path): \(message)" }
}

extension ProviderError {
    /// An SFTP failure in the vocabulary of providers, with advice.
    /// - Parameter server: `sftp://user@host:port`, named in the message.
    public init(_ error: SFTPError, server: String, provider: String? = nil) {
        let message = "\(server)\(error.path.hasPrefix("/") ? "" : "/")\(error.path): \(error.message)"
        switch error.kind {
        case .unreachable:
            self.init(.unreachable, message, advice: "check the SSH host and port, DNS and firewalls", provider: provider)
        case .timeout:
            self.init(.timeout, message, provider: provider)
        case .hostKey:
            self.init(.tls, message,
                      advice: "the server's SSH host key is not in knownHostsFile or has changed; if the change is expected, "
                          + "replace its line with the output of ssh-keyscan, otherwise suspect a man in the middle",
                      provider: provider)
        case .auth:
            self.init(.auth, message,
                      advice: "check the SSH user, that the key in keyFile is in the server's authorized_keys (or the password secret), "
                          + "and that the key file is readable by the controller and has no passphrase",
                      provider: provider)
        case .notFound:
            self.init(.notFound, message, advice: "check the path in the provider settings", provider: provider)
        case .permission:
            self.init(.permission, message, advice: "let the SSH user read this path", provider: provider)
        case .tooLarge:
            self.init(.protocol, message, advice: "the file is larger than expected for this use", provider: provider)
        case .connectionLost:
            self.init(.unavailable, message, advice: "the SSH connection broke; it is retried where that is safe", provider: provider)
        case .cancelled:
            self.init(.cancelled, message, provider: provider)
        case .transport:
            self.init(.unavailable, message, advice: "the SSH server or the SFTP subsystem failed; check the server's logs",
                      provider: provider)
        }
    }
}
