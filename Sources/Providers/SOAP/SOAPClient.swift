import Foundation

/// Anything that carries an `HTTPRequest` to a server: the libcurl `HTTPClient`, or a fake
/// in tests.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}

extension HTTPClient: HTTPTransport {}

/// Why a SOAP call failed: the server's fault, or anything else as a `ProviderError`.
public enum SOAPCallError: Error, Sendable {
    case fault(SOAPFault)
    case failure(ProviderError)
}

/// Posts SOAP 1.1 requests to one endpoint and returns the response element, or the fault.
public struct SOAPClient: Sendable {
    public let transport: any HTTPTransport
    public let url: String
    /// The provider's name, for errors.
    public let provider: String

    public init(transport: any HTTPTransport, url: String, provider: String) {
        self.transport = transport
        self.url = url
        self.provider = provider
    }

    /// Calls a method.
    /// - Parameters:
    ///   - body: the XML of the method element, e.g. `<Login xmlns="urn:vim25">…</Login>`.
    ///   - action: the `SOAPAction` header.
    ///   - split, onSplit: see `XMLTreeParser.parse(_:split:onSplit:)`; depths count from
    ///     the Envelope (1), so the response element is at depth 3.
    /// - Returns: the response element inside the Body.
    public func call(_ body: String, action: String, timeout: Duration? = nil,
                     split: @escaping (Int, XMLName) -> Bool = { _, _ in false },
                     onSplit: @escaping (XMLTreeElement) -> Void = { _ in }) async throws(SOAPCallError) -> XMLTreeElement {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/xml; charset=utf-8")
        headers.add("SOAPAction", action)
        let request = HTTPRequest(method: "POST", url: url, headers: headers, body: SOAPEnvelope.wrap(body), timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .failure(ProviderError(error, provider: provider))
        }
        return try Self.interpret(response, provider: provider, split: split, onSplit: onSplit)
    }

    /// Turns an HTTP response into the SOAP response element, a fault, or a typed error.
    static func interpret(_ response: HTTPResponse, provider: String, split: @escaping (Int, XMLName) -> Bool,
                          onSplit: @escaping (XMLTreeElement) -> Void) throws(SOAPCallError) -> XMLTreeElement {
        switch response.status {
        case 200, 500:
            break
        case 401:
            throw .failure(ProviderError(.auth, "HTTP 401 from \(response.url)", provider: provider))
        case 403:
            throw .failure(ProviderError(.permission, "HTTP 403 from \(response.url)", provider: provider))
        case 404:
            throw .failure(ProviderError(.configuration, "HTTP 404: no SOAP endpoint at \(response.url)",
                                         advice: "the URL should name the SDK endpoint, e.g. https://vcenter.example.com/sdk",
                                         provider: provider))
        case 407:
            throw .failure(ProviderError(.configuration, "HTTP 407: the proxy wants credentials",
                                         advice: "put the proxy credentials into the proxy URL in https_proxy", provider: provider))
        case 429, 502, 503, 504:
            throw .failure(ProviderError(.unavailable, "HTTP \(response.status) from \(response.url)", provider: provider))
        default:
            throw .failure(ProviderError(.protocol, "HTTP \(response.status) from \(response.url), expected a SOAP answer",
                                         provider: provider))
        }
        let root: XMLTreeElement
        do {
            root = try XMLTreeParser().parse(response.body, split: split, onSplit: onSplit)
        } catch {
            throw .failure(ProviderError(.protocol, "HTTP \(response.status) with a body that is not XML (\(error))", provider: provider))
        }
        guard let content = SOAPEnvelope.bodyContent(of: root) else {
            throw .failure(ProviderError(.protocol, "HTTP \(response.status) without a SOAP envelope", provider: provider))
        }
        if let fault = SOAPEnvelope.fault(in: content) { throw .fault(fault) }
        guard response.status == 200 else {
            throw .failure(ProviderError(.protocol, "HTTP \(response.status) without a SOAP fault", provider: provider))
        }
        return content
    }
}
