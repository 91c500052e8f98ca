/// Why a provider could not observe or change something, classified so that the retry
/// policy, the planner and an admin each know what to do. Carries context (provider,
/// resource) and advice; never a secret.
public struct ProviderError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The class of failure. Decides whether a retry may help (`isTransient`).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// No connection: refused, unresolvable host, network down. The request was not sent.
        case unreachable
        /// No answer in time. The request may or may not have been carried out.
        case timeout
        /// The server answered "busy" (HTTP 429, 502, 503, 504), or dropped the connection
        /// after the request went out.
        case unavailable
        /// The TLS handshake failed, usually certificate verification.
        case tls
        /// The credentials were refused.
        case auth
        /// Logged in, but the account may not do this.
        case permission
        /// The object named does not exist (for an action; observation reports `absent`).
        case notFound
        /// The answer was not what the protocol promises, or the server reported a fault.
        case `protocol`
        /// The provider, the server or this version of sfreconcile cannot do this.
        case unsupported
        /// The spec or the controller host's setup is wrong (a secret that cannot be read).
        case configuration
        /// The action is refused in the object's current state (reconfiguring a running VM).
        case precondition
        /// The work was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The spec's name of the provider, when known.
    public var provider: String?
    /// The resource concerned, when there is one.
    public var resource: ResourceRef?
    /// What happened, in the words of the system that said it.
    public var message: String
    /// What an admin can do about it.
    public var advice: String

    public init(_ kind: Kind, _ message: String, advice: String? = nil, provider: String? = nil, resource: ResourceRef? = nil) {
        self.kind = kind
        self.message = message
        self.advice = advice ?? kind.defaultAdvice
        self.provider = provider
        self.resource = resource
    }

    /// True when trying again later may succeed: the peer could not be reached, did not
    /// answer in time, or said it was busy.
    public var isTransient: Bool {
        switch kind {
        case .unreachable, .timeout, .unavailable: return true
        default: return false
        }
    }

    /// True when the request certainly did not reach the server, so even a request that is
    /// not idempotent may be sent again.
    public var requestWasNotSent: Bool { kind == .unreachable }

    /// The same error, attributed to `provider` and `resource` where it was not yet.
    public func attributed(provider: String? = nil, resource: ResourceRef? = nil) -> ProviderError {
        var copy = self
        if copy.provider == nil { copy.provider = provider }
        if copy.resource == nil { copy.resource = resource }
        return copy
    }

    public var description: String {
        var text = ""
        if let provider { text += "\(provider): " }
        if let resource { text += "\(resource): " }
        text += "\(kind.rawValue): \(message)"
        if !advice.isEmpty { text += " (\(advice))" }
        return text
    }
}

extension ProviderError.Kind {
    /// Advice used when the code raising the error has nothing more specific to say.
    public var defaultAdvice: String {
        switch self {
        case .unreachable: return "check the URL, DNS, firewalls and any proxy between the controller and the system"
        case .timeout: return "the system did not answer in time; check its load or raise the provider's timeout"
        case .unavailable: return "the system is busy or restarting; it is retried automatically"
        case .tls: return "check the server certificate, or name the CA in tls.caFile"
        case .auth: return "check the user name and the password secret in the provider settings"
        case .permission: return "grant the account the privileges listed in docs/providers.md"
        case .notFound: return "check the name in the spec against the system"
        case .protocol: return "the system answered unexpectedly; check that it is a supported version"
        case .unsupported: return "see docs/providers.md for what each provider supports"
        case .configuration: return "fix the provider settings or the controller host's environment"
        case .precondition: return "bring the object into the required state first"
        case .cancelled: return ""
        }
    }
}
