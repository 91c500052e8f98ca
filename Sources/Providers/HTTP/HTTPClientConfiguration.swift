import Spec

/// Everything about how an `HTTPClient` talks: TLS, timeouts, limits, redirects, proxy,
/// authentication and cookies. Providers and alert sinks build one from their spec settings.
public struct HTTPClientConfiguration: Sendable {
    /// Certificate verification is on unless `verifyPeer` is turned off explicitly.
    public struct TLS: Sendable, Hashable {
        /// Verify the server's certificate chain and host name.
        public var verifyPeer: Bool
        /// PEM file of the CA(s) to trust instead of the system's bundle.
        public var caFile: String?

        public init(verifyPeer: Bool = true, caFile: String? = nil) {
            self.verifyPeer = verifyPeer
            self.caFile = caFile
        }

        /// From a provider's `tls:` settings.
        public init(_ settings: TLSSettings) {
            self.init(verifyPeer: !settings.insecureSkipVerify, caFile: settings.caFile)
        }
    }

    public var tls: TLS
    /// Longest wait for a TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// Longest wait for a whole exchange, connection included.
    public var requestTimeout: Duration
    /// Largest response body accepted; a larger one stops the transfer with `.tooLarge`.
    public var maxResponseBytes: Int
    /// Redirects followed; 0 returns the 3xx response itself.
    public var maxRedirects: Int
    public var proxy: ProxyConfiguration
    public var authentication: HTTPAuthentication?
    /// Sign every request with AWS SigV4 (S3); replaces `authentication`.
    public var awsSigV4: AWSSigV4?
    /// Keep cookies between requests of this client (session cookies such as vSphere's
    /// `vmware_soap_session`). Each client has its own jar.
    public var cookies: Bool
    public var userAgent: String
    /// Ask for gzip/deflate-compressed responses.
    public var compression: Bool

    public init(tls: TLS = TLS(), connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
                maxResponseBytes: Int = 64 << 20, maxRedirects: Int = 0, proxy: ProxyConfiguration = .direct,
                authentication: HTTPAuthentication? = nil, cookies: Bool = false,
                userAgent: String = "sfreconcile", compression: Bool = true, awsSigV4: AWSSigV4? = nil) {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
        self.proxy = proxy
        self.authentication = authentication
        self.cookies = cookies
        self.userAgent = userAgent
        self.compression = compression
        self.awsSigV4 = awsSigV4
    }

    /// What an admin must be told about this configuration: insecure settings.
    public var warnings: [String] {
        var warnings: [String] = []
        if !tls.verifyPeer {
            warnings.append("TLS certificate verification is off (insecureSkipVerify): anyone on the network path can "
                + "impersonate the server and read the credentials; name the CA in tls.caFile instead")
        }
        return warnings
    }
}
