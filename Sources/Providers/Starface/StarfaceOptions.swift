import Foundation

/// Tuning of the STARFACE provider that the spec does not expose: sensible defaults, changed
/// by tests.
public struct StarfaceOptions: Sendable {
    /// The file holding the installed version, read over SFTP (STARFACE's own support
    /// tooling reads the same file).
    public var versionFilePath: String
    /// How long a REST token is used before logging in afresh. STARFACE tokens live 4 h;
    /// a 401 before that also leads to a new login.
    public var tokenLifetime: Duration
    /// Retries of transient failures (connection refused, timeouts, 502/503/504).
    public var retry: RetryPolicy
    /// Largest REST answer accepted.
    public var maxResponseBytes: Int
    /// Largest output of a backup hook command kept for the action's message.
    public var maxHookOutputBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read; also the environment a
    /// backup hook command runs in.
    public var environment: [String: String]
    /// Replaces the libcurl client for the REST API (tests).
    public var transport: (any HTTPTransport)?

    public init(versionFilePath: String = "/var/starface/fs-interface/version", tokenLifetime: Duration = .seconds(4 * 3600 - 300),
                retry: RetryPolicy = .standard, maxResponseBytes: Int = 8 << 20, maxHookOutputBytes: Int = 64 << 10,
                environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any HTTPTransport)? = nil) {
        self.versionFilePath = versionFilePath
        self.tokenLifetime = tokenLifetime
        self.retry = retry
        self.maxResponseBytes = maxResponseBytes
        self.maxHookOutputBytes = maxHookOutputBytes
        self.environment = environment
        self.transport = transport
    }
}
