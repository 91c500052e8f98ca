import Foundation
import Spec

/// A logged-in session with one STARFACE's REST API: logs in with the nonce + SHA-512
/// scheme on first use, keeps the token (one login for many calls), logs in again when the
/// token is older than `tokenLifetime` or a call answers 401 (once per call), and logs out
/// on `logout`.
actor StarfaceRESTClient {
    /// The answer of `GET /rest/login`.
    struct LoginChallenge: Decodable {
        var loginType: String?
        var nonce: String
    }

    /// The answer of `POST /rest/login`.
    struct LoginToken: Decodable {
        var token: String
    }

    private struct LoginRequest: Encodable {
        var loginType: String
        var nonce: String
        var secret: String
    }

    nonisolated let provider: String
    /// `https://pbx.example.com/rest`.
    nonisolated let base: String
    private let transport: any HTTPTransport
    private let loginId: String
    private let password: SecretReference
    private let options: StarfaceOptions
    private var token: (value: String, obtained: ContinuousClock.Instant)?
    private var pendingLogin: Task<Result<String, ProviderError>, Never>?
    /// Logins done so far (for tests and metrics).
    private(set) var logins = 0

    init(provider: String, url: String, loginId: String, password: SecretReference, transport: any HTTPTransport,
         options: StarfaceOptions) {
        self.provider = provider
        var base = RESTResponses.trimmedBase(url)
        if base.hasSuffix("/rest") { base.removeLast(5) }
        self.base = base + "/rest"
        self.transport = transport
        self.loginId = loginId
        self.password = password
        self.options = options
    }

    /// Sends `method path` with the session's token, logging in first if needed and once
    /// more after a 401. Returns any other answer, whatever its status.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(ProviderError) -> HTTPResponse {
        var renewed = false
        while true {
            let current = try await currentToken()
            var headers = Self.headers
            headers.set("authToken", current)
            if body != nil { headers.set("Content-Type", "application/json") }
            let response = try await exchange(HTTPRequest(method: method, url: base + path, headers: headers, body: body),
                                              idempotent: method == "GET")
            guard response.status == 401, !renewed else { return response }
            invalidate(current)
            renewed = true
        }
    }

    /// Ends the session on the PBX (`DELETE /rest/login`); failures are ignored, the token
    /// expires by itself.
    func logout() async {
        guard let current = token?.value else { return }
        token = nil
        var headers = Self.headers
        headers.set("authToken", current)
        _ = try? await transport.send(HTTPRequest(method: "DELETE", url: base + "/login", headers: headers))
    }

    /// A valid token: the cached one, or a fresh login (concurrent callers share one login).
    private func currentToken() async throws(ProviderError) -> String {
        if let token, ContinuousClock.now - token.obtained < options.tokenLifetime { return token.value }
        if let pendingLogin { return try await pendingLogin.value.get() }
        let task = Task<Result<String, ProviderError>, Never> {
            do throws(ProviderError) {
                return .success(try await self.login())
            } catch {
                return .failure(error)
            }
        }
        pendingLogin = task
        let result = await task.value
        pendingLogin = nil
        if case .success(let value) = result { token = (value, ContinuousClock.now) }
        return try result.get()
    }

    private func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }

    /// `GET /rest/login` for a nonce, then `POST /rest/login` with the secret.
    private func login() async throws(ProviderError) -> String {
        logins += 1
        let passwordValue: SecretValue
        do {
            passwordValue = try password.resolve(environment: options.environment)
        } catch {
            throw ProviderError(.configuration, error.description,
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        let challengeResponse = try await exchange(HTTPRequest(url: base + "/login", headers: Self.headers), idempotent: true)
        guard challengeResponse.isSuccess else {
            throw RESTResponses.error(for: challengeResponse, "GET /rest/login", provider: provider)
        }
        let challenge = try RESTResponses.decode(LoginChallenge.self, from: challengeResponse, "GET /rest/login", provider: provider)
        let secret = StarfaceLoginSecret.compute(loginId: loginId, password: passwordValue.reveal(), nonce: challenge.nonce)
        let body: Data
        do {
            body = try JSONEncoder().encode(LoginRequest(loginType: challenge.loginType ?? "Internal", nonce: challenge.nonce, secret: secret))
        } catch {
            throw ProviderError(.protocol, "the login request could not be encoded", provider: provider)
        }
        var headers = Self.headers
        headers.set("Content-Type", "application/json")
        let tokenResponse = try await exchange(HTTPRequest(method: "POST", url: base + "/login", headers: headers, body: body),
                                               idempotent: false)
        switch tokenResponse.status {
        case 200..<300:
            let token = try RESTResponses.decode(LoginToken.self, from: tokenResponse, "POST /rest/login", provider: provider).token
            guard !token.isEmpty else {
                throw ProviderError(.protocol, "POST /rest/login answered an empty token", provider: provider)
            }
            return token
        case 400, 401, 403:
            throw ProviderError(.auth, "the PBX refused the login of \(loginId) (POST /rest/login answered HTTP \(tokenResponse.status))",
                                advice: "check loginId and the password secret; the user needs the right to use the REST API",
                                provider: provider)
        default:
            throw RESTResponses.error(for: tokenResponse, "POST /rest/login", provider: provider)
        }
    }

    /// One exchange under the retry policy; transport failures become `ProviderError`s.
    private func exchange(_ request: HTTPRequest, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        let transport = self.transport, provider = self.provider
        return try await options.retry.run(idempotent: idempotent) { () async throws(ProviderError) -> HTTPResponse in
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

    private static let headers: HTTPHeaders = ["X-Version": "2", "Accept": "application/json"]
}
