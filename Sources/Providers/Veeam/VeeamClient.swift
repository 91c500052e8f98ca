import Foundation
import Spec

/// A session with one Veeam Backup & Replication REST API: OAuth2 password grant on first
/// use, the bearer token reused for every call, renewed with the refresh token (or a new
/// login) when it expires or a call answers 401, `x-api-version` on every request, and lists
/// read page by page (`skip`/`limit`) until every page is in.
actor VeeamClient {
    nonisolated let provider: String
    /// `https://veeam.example.com:9419`.
    nonisolated let base: String
    private let transport: any HTTPTransport
    private let username: SecretOrText
    private let password: SecretReference
    private let apiVersion: String
    private let options: VeeamOptions
    private let limit: ConcurrencyLimit
    private var token: (access: String, refresh: String?, expires: ContinuousClock.Instant?)?
    private var pendingLogin: Task<Result<String, ProviderError>, Never>?
    /// Password logins and refreshes so far (tests and metrics).
    private(set) var logins = 0
    private(set) var refreshes = 0

    init(provider: String, url: String, username: SecretOrText, password: SecretReference, apiVersion: String,
         transport: any HTTPTransport, options: VeeamOptions) {
        self.provider = provider
        var base = RESTResponses.trimmedBase(url)
        if base.hasSuffix("/api") { base.removeLast(4) }
        self.base = base
        self.transport = transport
        self.username = username
        self.password = password
        self.apiVersion = apiVersion
        self.options = options
        self.limit = ConcurrencyLimit(options.maxConcurrentRequests)
    }

    /// Sends `method path` with the bearer token, renewing it once after a 401. Returns any
    /// other answer, whatever its status.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(ProviderError) -> HTTPResponse {
        var renewed = false
        while true {
            let current = try await accessToken()
            var headers: HTTPHeaders = ["x-api-version": apiVersion, "Accept": "application/json", "Authorization": "Bearer \(current)"]
            if body != nil { headers.set("Content-Type", "application/json") }
            let response = try await exchange(HTTPRequest(method: method, url: base + path, headers: headers, body: body),
                                              idempotent: method == "GET")
            guard response.status == 401, !renewed else { return response }
            expire(current)
            renewed = true
        }
    }

    /// Every item of the list at `path` (which may carry its own query), page by page.
    func all<Item: Decodable & Sendable>(_ item: Item.Type, _ path: String) async throws(ProviderError) -> [Item] {
        var items: [Item] = []
        var skip = 0
        let separator = path.contains("?") ? "&" : "?"
        for _ in 0..<options.maxPages {
            let what = "GET \(path)"
            let response = try await send("GET", "\(path)\(separator)skip=\(skip)&limit=\(options.pageSize)")
            guard response.isSuccess else { throw RESTResponses.error(for: response, what, provider: provider) }
            let page = try RESTResponses.decode(VeeamModels.Page<Item>.self, from: response, what, provider: provider)
            let count = page.data.count
            let total = page.pagination?.total
            items.append(contentsOf: page.data)
            skip += count
            // The total decides when it is given (a server may cap the page below `limit`);
            // without it, a short page is the last.
            if count == 0 || skip >= (total ?? Int.max) || (total == nil && count < options.pageSize) {
                return items
            }
        }
        throw ProviderError(.protocol, "GET \(path) has more than \(options.maxPages) pages of \(options.pageSize)", provider: provider)
    }

    /// Ends the session: Veeam has `POST /api/oauth2/logout`; failures are ignored.
    func logout() async {
        guard let current = token?.access else { return }
        token = nil
        let headers: HTTPHeaders = ["x-api-version": apiVersion, "Authorization": "Bearer \(current)"]
        _ = try? await transport.send(HTTPRequest(method: "POST", url: base + "/api/oauth2/logout", headers: headers))
    }

    // MARK: tokens

    private func accessToken() async throws(ProviderError) -> String {
        if let token, token.expires.map({ ContinuousClock.now < $0 }) ?? true { return token.access }
        if let pendingLogin { return try await pendingLogin.value.get() }
        let refresh = token?.refresh
        let task = Task<Result<String, ProviderError>, Never> {
            do throws(ProviderError) {
                return .success(try await self.obtainToken(refresh: refresh))
            } catch {
                return .failure(error)
            }
        }
        pendingLogin = task
        let result = await task.value
        pendingLogin = nil
        return try result.get()
    }

    /// Marks `access` as expired; the next call refreshes it.
    private func expire(_ access: String) {
        if token?.access == access { token?.expires = ContinuousClock.now }
    }

    /// A refresh-token grant when there is a refresh token, a password grant otherwise or
    /// when the refresh is refused.
    private func obtainToken(refresh: String?) async throws(ProviderError) -> String {
        if let refresh {
            refreshes += 1
            if let granted = try await grant(["grant_type": "refresh_token", "refresh_token": refresh], refusedIsNil: true) {
                return store(granted)
            }
        }
        logins += 1
        let user: String, secret: SecretValue
        do throws(SecretReference.ResolutionError) {
            user = try username.resolve(environment: options.environment).reveal()
            secret = try password.resolve(environment: options.environment)
        } catch {
            throw ProviderError(.configuration, error.description,
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        guard let granted = try await grant(["grant_type": "password", "username": user, "password": secret.reveal()], refusedIsNil: false)
        else { throw ProviderError(.auth, "the token request was refused", provider: provider) }
        return store(granted)
    }

    private func store(_ granted: VeeamModels.Token) -> String {
        // Renew a minute before the server's expiry.
        let expires = granted.expiresIn.map { ContinuousClock.now + .seconds(max(0, $0 - 60)) }
        token = (granted.accessToken, granted.refreshToken, expires)
        return granted.accessToken
    }

    /// `POST /api/oauth2/token` with `fields` form-encoded. A refusal (400/401) is nil when
    /// `refusedIsNil`, an auth error otherwise.
    private func grant(_ fields: [String: String], refusedIsNil: Bool) async throws(ProviderError) -> VeeamModels.Token? {
        let body = fields.sorted { $0.key < $1.key }
            .map { "\(RESTResponses.percentEncode($0.key))=\(RESTResponses.percentEncode($0.value))" }
            .joined(separator: "&")
        let headers: HTTPHeaders = ["x-api-version": apiVersion, "Accept": "application/json",
                                    "Content-Type": "application/x-www-form-urlencoded"]
        let response = try await exchange(HTTPRequest(method: "POST", url: base + "/api/oauth2/token", headers: headers,
                                                      body: Data(body.utf8)), idempotent: false)
        switch response.status {
        case 200..<300:
            let token = try RESTResponses.decode(VeeamModels.Token.self, from: response, "POST /api/oauth2/token", provider: provider)
            guard !token.accessToken.isEmpty else {
                throw ProviderError(.protocol, "POST /api/oauth2/token answered an empty access_token", provider: provider)
            }
            return token
        case 400, 401, 403:
            if refusedIsNil { return nil }
            throw ProviderError(.auth, "Veeam refused the login (POST /api/oauth2/token answered HTTP \(response.status)"
                                    + (RESTResponses.snippet(response.body).map { ": \($0))" } ?? ")"),
                                advice: "check username and the password secret; the account needs a Veeam Backup Viewer "
                                    + "(observe) or Backup Operator (start jobs) role", provider: provider)
        default:
            throw RESTResponses.error(for: response, "POST /api/oauth2/token", provider: provider)
        }
    }

    /// One exchange under the concurrency limit and retry policy.
    private func exchange(_ request: HTTPRequest, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        let transport = self.transport, provider = self.provider, retry = options.retry
        return try await limit.run { () async throws(ProviderError) -> HTTPResponse in
            try await retry.run(idempotent: idempotent) { () async throws(ProviderError) -> HTTPResponse in
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
