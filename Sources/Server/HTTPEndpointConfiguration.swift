/// Where `sfreconcile run` listens and who may call its API.
public struct HTTPEndpointConfiguration: Sendable, Hashable {
    /// The address to bind; loopback unless an admin opens it up on purpose.
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// The bearer token `POST /api/v1/reconcile` requires; nil turns that endpoint off (403).
    public var apiToken: String?
    /// Larger webhook bodies are refused (413).
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 9480, apiToken: String? = nil, maxBodyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.apiToken = apiToken
        self.maxBodyBytes = maxBodyBytes
    }
}
