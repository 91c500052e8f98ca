import Foundation

/// The answer to an `HTTPRequest`: whatever the status, since a 500 carrying a SOAP fault is
/// an answer too. Transport failures are `HTTPError`s instead.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code of the final response (after redirects, when followed).
    public var status: Int
    /// The final response's header fields.
    public var headers: HTTPHeaders
    public var body: Data
    /// The URL that answered (differs from the request's after a redirect).
    public var url: String

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
