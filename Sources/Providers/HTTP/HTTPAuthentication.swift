import Spec

/// How the client proves who it is at the HTTP level. The password is a `SecretValue`: it
/// prints as `<redacted>` and is revealed only to libcurl.
public struct HTTPAuthentication: Sendable, CustomStringConvertible {
    /// The schemes libcurl offers.
    public enum Scheme: String, Sendable, Hashable, CaseIterable {
        case basic, digest, ntlm, negotiate
        /// Whatever the server offers that does not send the password in clear (not basic).
        case anySafe
    }

    public var scheme: Scheme
    public var username: String
    public var password: SecretValue

    public init(_ scheme: Scheme, username: String, password: SecretValue) {
        self.scheme = scheme
        self.username = username
        self.password = password
    }

    public var description: String { "\(scheme.rawValue) as \(username)" }
}
