import Spec

/// A vim25 SOAP session with one vCenter: logs in on first use (and again when the session
/// expires), keeps the `vmware_soap_session` cookie in its HTTP client's jar, and runs every
/// call under the provider's concurrency limit and retry policy.
struct VSphereClient: Sendable {
    /// The API version named in the SOAPAction before the server told its own.
    static let initialAPIVersion = "6.5"

    let soap: SOAPClient
    let provider: String
    let retry: RetryPolicy
    let limit: ConcurrencyLimit
    let requestTimeout: Duration
    private let credentials: @Sendable () throws(ProviderError) -> (user: String, password: SecretValue)
    private let state = SessionState()

    init(soap: SOAPClient, retry: RetryPolicy, maxConcurrentRequests: Int, requestTimeout: Duration,
         credentials: @escaping @Sendable () throws(ProviderError) -> (user: String, password: SecretValue)) {
        self.soap = soap
        self.provider = soap.provider
        self.retry = retry
        self.limit = ConcurrencyLimit(maxConcurrentRequests)
        self.requestTimeout = requestTimeout
        self.credentials = credentials
    }

    /// The service content of a logged-in session.
    func content() async throws(ProviderError) -> ServiceContent {
        try await state.session { () async throws(ProviderError) -> ServiceContent in try await self.login() }
    }

    /// Calls a vim25 method and returns its response element.
    /// - Parameters:
    ///   - idempotent: false for calls that change something; they are retried only when the
    ///     request certainly was not sent.
    ///   - split, onSplit: stream large answers, see `SOAPClient.call`.
    ///   - body: writes the method element, given the session's service content.
    func invoke(idempotent: Bool = true, timeout: Duration? = nil,
                split: @escaping (Int, XMLName) -> Bool = { _, _ in false },
                onSplit: @escaping (XMLTreeElement) -> Void = { _ in },
                _ body: (ServiceContent, inout XMLWriter) -> Void) async throws(ProviderError) -> XMLTreeElement {
        var renewed = false
        while true {
            let content = try await content()
            var writer = XMLWriter()
            body(content, &writer)
            let outcome = try await send(writer.text, content: content, idempotent: idempotent, timeout: timeout,
                                         split: split, onSplit: onSplit)
            switch outcome {
            case .success(let element):
                return element
            case .failure(let fault) where VSphereFaults.isNotAuthenticated(fault) && !renewed:
                await state.invalidate(content)
                renewed = true
            case .failure(let fault):
                throw VSphereFaults.error(fault, provider: provider)
            }
        }
    }

    /// One call under the concurrency limit, retried on transient failures. A SOAP fault is
    /// an answer, returned rather than thrown.
    private func send(_ body: String, content: ServiceContent?, idempotent: Bool, timeout: Duration?,
                      split: @escaping (Int, XMLName) -> Bool,
                      onSplit: @escaping (XMLTreeElement) -> Void) async throws(ProviderError) -> Result<XMLTreeElement, SOAPFault> {
        let action = "urn:vim25/\(content?.apiVersion ?? Self.initialAPIVersion)"
        return try await limit.run { () async throws(ProviderError) -> Result<XMLTreeElement, SOAPFault> in
            try await retry.run(idempotent: idempotent) { () async throws(ProviderError) -> Result<XMLTreeElement, SOAPFault> in
                do throws(SOAPCallError) {
                    return .success(try await soap.call(body, action: action, timeout: timeout ?? requestTimeout,
                                                        split: split, onSplit: onSplit))
                } catch {
                    switch error {
                    case .fault(let fault): return .failure(fault)
                    case .failure(let failure): throw failure
                    }
                }
            }
        }
    }

    /// RetrieveServiceContent, then Login.
    private func login() async throws(ProviderError) -> ServiceContent {
        let (user, password) = try credentials()
        var writer = XMLWriter()
        writer.element("RetrieveServiceContent", attributes: ["xmlns": XMLNamespace.vim25]) {
            ManagedObjectReference("ServiceInstance", "ServiceInstance").write("_this", to: &$0)
        }
        let contentElement: XMLTreeElement
        switch try await send(writer.text, content: nil, idempotent: true, timeout: nil, split: { _, _ in false }, onSplit: { _ in }) {
        case .success(let element): contentElement = element
        case .failure(let fault): throw VSphereFaults.error(fault, provider: provider)
        }
        guard let returnval = contentElement["returnval"], let content = ServiceContent(returnval) else {
            throw ProviderError(.protocol, "RetrieveServiceContent answered without the service content",
                                advice: "check that the URL names a vCenter or ESXi SDK endpoint (…/sdk)", provider: provider)
        }
        var login = XMLWriter()
        login.element("Login", attributes: ["xmlns": XMLNamespace.vim25]) {
            content.sessionManager.write("_this", to: &$0)
            $0.element("userName", user)
            $0.element("password", password.reveal())
        }
        switch try await send(login.text, content: content, idempotent: true, timeout: nil, split: { _, _ in false }, onSplit: { _ in }) {
        case .success: return content
        case .failure(let fault): throw VSphereFaults.error(fault, provider: provider, user: user)
        }
    }

    /// Ends the session, if there is one. Failures are ignored: the server expires it anyway.
    func logout() async {
        guard let content = await state.current() else { return }
        await state.invalidate(content)
        var writer = XMLWriter()
        writer.element("Logout", attributes: ["xmlns": XMLNamespace.vim25]) { content.sessionManager.write("_this", to: &$0) }
        _ = try? await send(writer.text, content: content, idempotent: true, timeout: .seconds(5), split: { _, _ in false }, onSplit: { _ in })
    }
}

/// Whether a session is open, shared by all calls of one client. Concurrent callers wait
/// for one login instead of each logging in.
private actor SessionState {
    private var content: ServiceContent?
    private var pending: Task<Result<ServiceContent, ProviderError>, Never>?

    func current() -> ServiceContent? { content }

    func session(_ login: @escaping @Sendable () async throws(ProviderError) -> ServiceContent) async throws(ProviderError) -> ServiceContent {
        if let content { return content }
        let task: Task<Result<ServiceContent, ProviderError>, Never>
        if let pending {
            task = pending
        } else {
            task = Task { () async -> Result<ServiceContent, ProviderError> in
                do throws(ProviderError) { return .success(try await login()) } catch { return .failure(error) }
            }
            pending = task
        }
        let result = await task.value
        if pending == task { pending = nil }
        if case .success(let opened) = result { content = opened }
        return try result.get()
    }

    /// Forgets `stale`, so the next call logs in again (unless another call already did).
    func invalidate(_ stale: ServiceContent) {
        if content == stale { content = nil }
    }
}
