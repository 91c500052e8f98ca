/// Which HTTP proxy requests go through.
public struct ProxyConfiguration: Sendable, Hashable {
    /// Proxy for http:// URLs.
    public var http: String?
    /// Proxy for https:// URLs.
    public var https: String?
    /// Hosts reached directly: comma-separated names, domains (`.example.com` or
    /// `example.com` also match subdomains), addresses, or `*` for all.
    public var noProxy: String?

    public init(http: String? = nil, https: String? = nil, noProxy: String? = nil) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// No proxy at all, whatever the environment says.
    public static let direct = ProxyConfiguration()

    /// The usual environment variables, read as curl reads them: `https_proxy` or
    /// `HTTPS_PROXY`, `http_proxy` (lower case only: `HTTP_PROXY` can be set by a CGI
    /// request, "httpoxy"), `all_proxy` or `ALL_PROXY` for both, and `no_proxy` or `NO_PROXY`.
    public static func environment(_ environment: [String: String]) -> ProxyConfiguration {
        func value(_ names: String...) -> String? {
            for name in names {
                if let value = environment[name], !value.isEmpty { return value }
            }
            return nil
        }
        let all = value("all_proxy", "ALL_PROXY")
        return ProxyConfiguration(http: value("http_proxy") ?? all,
                                  https: value("https_proxy", "HTTPS_PROXY") ?? all,
                                  noProxy: value("no_proxy", "NO_PROXY"))
    }

    /// The proxy for a URL with `scheme`; nil means direct.
    public func proxy(forScheme scheme: String) -> String? {
        scheme.lowercased() == "https" ? https : http
    }
}
