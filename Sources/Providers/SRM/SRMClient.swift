import Foundation
import Spec

/// Tuning of the SRM provider that the spec does not expose.
public struct SRMOptions: Sendable {
    /// `limit` of one page of a list.
    public var pageSize: Int
    /// Pages of one list before giving up.
    public var maxPages: Int
    public var retry: RetryPolicy
    public var maxConcurrentRequests: Int
    public var maxResponseBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read.
    public var environment: [String: String]

    public init(pageSize: Int = 100, maxPages: Int = 1000, retry: RetryPolicy = .standard, maxConcurrentRequests: Int = 4,
                maxResponseBytes: Int = 32 << 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.pageSize = max(1, pageSize)
        self.maxPages = max(1, maxPages)
        self.retry = retry
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.maxResponseBytes = maxResponseBytes
        self.environment = environment
    }
}

/// A session with the SRM REST API gateway (`/api/rest/srm/v1`): `POST /session` with
/// Basic credentials gives the `x-dr-session` token sent with every later call; a 401 logs
/// in again once. Lists are read page by page (`limit`/`offset`).
actor SRMClient {
    nonisolated let provider: String
    nonisolated let base: String
    private let transport: any HTTPTransport
    private let settings: SRMSettings
    private let options: SRMOptions
    private let limit: ConcurrencyLimit
    private var session: String?
    private(set) var logins = 0

    init(provider: String, settings: SRMSettings, transport: any HTTPTransport, options: SRMOptions) {
        self.provider = provider
        var base = RESTResponses.trimmedBase(settings.endpoint.url.text)
        if !base.hasSuffix("/api/rest/srm/v1") { base += "/api/rest/srm/v1" }
        self.base = base
        self.transport = transport
        self.settings = settings
        self.options = options
        self.limit = ConcurrencyLimit(options.maxConcurrentRequests)
    }

    /// `GET path` with the session, logging in again once after a 401.
    func get(_ path: String) async throws(ProviderError) -> HTTPResponse {
        var renewed = false
        while true {
            let token = try await sessionToken()
            let response = try await exchange(HTTPRequest(url: base + path, headers: ["Accept": "application/json", "x-dr-session": token]))
            guard response.status == 401, !renewed else { return response }
            session = nil
            renewed = true
        }
    }

    /// Every item of the list at `path`, page by page.
    func all<Item: Decodable & Sendable>(_ item: Item.Type, _ path: String) async throws(ProviderError) -> [Item] {
        var items: [Item] = []
        let separator = path.contains("?") ? "&" : "?"
        for _ in 0..<options.maxPages {
            let what = "GET \(path)"
            let response = try await get("\(path)\(separator)limit=\(options.pageSize)&offset=\(items.count)")
            guard response.isSuccess else { throw RESTResponses.error(for: response, what, provider: provider) }
            let page = try RESTResponses.decode(SRMModels.Page<Item>.self, from: response, what, provider: provider)
            items.append(contentsOf: page.list)
            let total = page.meta?.total
            if page.list.isEmpty || items.count >= (total ?? Int.max) || (total == nil && page.list.count < options.pageSize) {
                return items
            }
        }
        throw ProviderError(.protocol, "GET \(path) has more than \(options.maxPages) pages of \(options.pageSize)", provider: provider)
    }

    /// Ends the session (`DELETE /session`); failures are ignored.
    func logout() async {
        guard let token = session else { return }
        session = nil
        _ = try? await transport.send(HTTPRequest(method: "DELETE", url: base + "/session", headers: ["x-dr-session": token]))
    }

    private func sessionToken() async throws(ProviderError) -> String {
        if let session { return session }
        let user: String, password: SecretValue
        do throws(SecretReference.ResolutionError) {
            user = try settings.endpoint.username.resolve(environment: options.environment).reveal()
            password = try settings.endpoint.password.resolve(environment: options.environment)
        } catch {
            throw ProviderError(.configuration, error.description,
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        logins += 1
        let basic = Data("\(user):\(password.reveal())".utf8).base64EncodedString()
        let response = try await exchange(HTTPRequest(method: "POST", url: base + "/session",
                                                      headers: ["Accept": "application/json", "Authorization": "Basic \(basic)"]))
        switch response.status {
        case 200..<300:
            let token = response.headers["x-dr-session"]
                ?? (try? JSONDecoder().decode(SRMModels.Session.self, from: response.body))?.sessionID
            guard let token, !token.isEmpty else {
                throw ProviderError(.protocol, "POST /session answered without an x-dr-session header", provider: provider)
            }
            session = token
            return token
        case 401, 403:
            throw ProviderError(.auth, "SRM refused the login (POST /session answered HTTP \(response.status))",
                                advice: "check username (user@domain) and the password secret; the account needs the SRM "
                                    + "\"Protection Groups View\" and \"Recovery Plans View\" privileges", provider: provider)
        default:
            throw RESTResponses.error(for: response, "POST /session", provider: provider)
        }
    }

    private func exchange(_ request: HTTPRequest) async throws(ProviderError) -> HTTPResponse {
        let transport = self.transport, provider = self.provider, retry = options.retry
        return try await limit.run { () async throws(ProviderError) -> HTTPResponse in
            try await retry.run(idempotent: request.method == "GET") { () async throws(ProviderError) -> HTTPResponse in
                let response: HTTPResponse
                do throws(HTTPError) {
                    response = try await transport.send(request)
                } catch {
                    throw ProviderError(error, provider: provider)
                }
                if [502, 503, 504].contains(response.status) {
                    throw RESTResponses.error(for: response, "\(request.method) \(request.url)", provider: provider)
                }
                return response
            }
        }
    }
}
