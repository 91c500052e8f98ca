import Foundation

/// One HTTP request for `HTTPClient.send`.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `PROPFIND`, …
    public var method: String
    /// Absolute http or https URL.
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// Overrides the client's request timeout for this request.
    public var timeout: Duration?

    public init(method: String = "GET", url: String, headers: HTTPHeaders = [:], body: Data? = nil, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
