import Spec

/// One external system the controller observes and changes: a vCenter, a Hyper-V cluster,
/// a STARFACE, a backup target.
///
/// The contract, which every implementation keeps and the reconciler relies on:
///
/// - `observe` never throws. It answers for every ref it is given: `present` with the state,
///   `absent` only when the system positively said the resource does not exist, and
///   `unknown` with a `ProviderError` whenever it could not tell (unreachable, refused,
///   timed out, not supported). A failure is never reported as absence.
/// - `observe` batches: it asks for all refs in as few round trips as the API allows.
/// - Every call has a timeout, runs under the provider's bounded concurrency, and is retried
///   with capped exponential backoff and jitter for transient errors only (`RetryPolicy`).
/// - `perform` is idempotent: creating a snapshot that exists, removing one that is gone, or
///   setting a value that is already set succeeds with `ActionOutcome.changed == false`.
///   Errors are typed (`ProviderError.Kind`) and carry advice.
/// - Providers report facts; rules and the planner decide what they mean.
/// - Secrets are resolved at use and never appear in observations, errors or logs.
public protocol Provider: Sendable {
    /// The provider's name in the spec.
    var name: String { get }
    /// The provider's type, as in the spec's `type:` key.
    var type: ProviderSettings.Kind { get }
    /// What it can observe and do.
    var capabilities: ProviderCapabilities { get }
    /// Things an admin should know about how it is set up (TLS verification off, …).
    var warnings: [String] { get }

    /// Observes all `refs` in as few round trips as the API allows. Returns one observation
    /// for every ref given.
    func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation]

    /// Carries out one action; idempotent (see the protocol's contract).
    func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome

    /// Ends any session with the system (a vCenter login). The provider stays usable: the
    /// next call opens a new session.
    func close() async
}

extension Provider {
    public var warnings: [String] { [] }

    public func close() async {}

    /// Every ref answered with the same error, for providers that fail before asking.
    public func unknown(_ refs: [ResourceRef], _ error: ProviderError) -> [ResourceRef: Observation] {
        Dictionary(refs.map { ($0, .unknown(error.attributed(provider: name, resource: $0))) }, uniquingKeysWith: { first, _ in first })
    }
}
