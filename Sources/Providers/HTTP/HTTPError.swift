/// Why an HTTP exchange produced no response. A response with an error status is not an
/// `HTTPError`; callers judge statuses themselves.
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The URL is malformed or its scheme is not http/https.
        case invalidURL
        /// DNS could not resolve the host (or the proxy).
        case couldNotResolve
        /// No TCP connection could be made. The request was not sent.
        case couldNotConnect
        /// The connect or whole-request timeout passed.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// The connection broke after the request was (partly) sent.
        case connectionLost
        /// The response body went over the client's size limit; the transfer was stopped.
        case tooLarge
        /// More redirects than the client follows.
        case tooManyRedirects
        /// The task was cancelled; the transfer was stopped.
        case cancelled
        /// Anything else libcurl reported.
        case transport
    }

    public var kind: Kind
    /// libcurl's message, with detail where it gave one.
    public var message: String
    /// The request's URL.
    public var url: String
    /// libcurl's CURLcode, when the error came from libcurl.
    public var curlCode: Int?
    /// True when no byte of the request went out (it may safely be sent again).
    public var requestWasNotSent: Bool

    public init(_ kind: Kind, _ message: String, url: String, curlCode: Int? = nil, requestWasNotSent: Bool = false) {
        self.kind = kind
        self.message = message
        self.url = url
        self.curlCode = curlCode
        self.requestWasNotSent = requestWasNotSent
    }

    public var description: String { "\(url): \(message)" }
}

extension ProviderError {
    /// An HTTP failure in the vocabulary of providers, with advice.
    public init(_ error: HTTPError, provider: String? = nil) {
        switch error.kind {
        case .invalidURL:
            self.init(.configuration, error.description, advice: "check the provider's url", provider: provider)
        case .couldNotResolve, .couldNotConnect:
            self.init(.unreachable, error.description, provider: provider)
        case .timeout:
            self.init(error.requestWasNotSent ? .unreachable : .timeout, error.description,
                      advice: error.requestWasNotSent
                          ? "no connection within the connect timeout; check the URL, routing and firewalls"
                          : ProviderError.Kind.timeout.defaultAdvice,
                      provider: provider)
        case .tls:
            self.init(.tls, error.description, provider: provider)
        case .connectionLost:
            self.init(.unavailable, error.description, advice: "the connection broke mid-request; it is retried where that is safe",
                      provider: provider)
        case .tooLarge:
            self.init(.protocol, error.description, advice: "the answer is larger than expected; raise the response size limit if it is genuine",
                      provider: provider)
        case .tooManyRedirects:
            self.init(.protocol, error.description, advice: "check the provider's url; it should name the API endpoint itself",
                      provider: provider)
        case .cancelled:
            self.init(.cancelled, error.description, provider: provider)
        case .transport:
            self.init(error.requestWasNotSent ? .unreachable : .unavailable, error.description, provider: provider)
        }
    }
}
