import Spec

extension HTTPClientConfiguration {
    /// The configuration every HTTP provider and backup target starts from: the spec's TLS
    /// settings and timeout (connecting within at most 10 s of it), the proxy from the
    /// environment, and no redirects unless the protocol needs them.
    public static func provider(
        tls: TLSSettings, timeout: TimeSpan, maxResponseBytes: Int, environment: [String: String],
        maxRedirects: Int = 0, cookies: Bool = false, userAgent: String
    ) -> HTTPClientConfiguration {
        let limit = Duration.seconds(max(1, timeout.seconds))
        return HTTPClientConfiguration(
            tls: .init(tls), connectTimeout: min(.seconds(10), limit), requestTimeout: limit,
            maxResponseBytes: maxResponseBytes, maxRedirects: maxRedirects, proxy: .environment(environment),
            cookies: cookies, userAgent: userAgent)
    }
}

/// The transport a provider sends through: the injected one (tests), else a new libcurl
/// client. When libcurl cannot start, every call fails with that error, so observations
/// become `unknown` with the reason instead of the provider failing to exist.
struct ProviderTransport {
    let transport: any HTTPTransport
    /// Why libcurl could not start, if it could not.
    let failure: HTTPError?

    init(injected: (any HTTPTransport)?, configuration: HTTPClientConfiguration) {
        if let injected {
            transport = injected
            failure = nil
            return
        }
        do throws(HTTPError) {
            transport = try HTTPClient(configuration: configuration, warn: { _ in })
            failure = nil
        } catch {
            transport = FailingTransport(error: error)
            failure = error
        }
    }
}
