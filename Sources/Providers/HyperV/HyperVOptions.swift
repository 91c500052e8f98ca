import Foundation

/// Tuning of the Hyper-V provider that the spec does not expose: sensible defaults, changed
/// by tests.
public struct HyperVOptions: Sendable {
    /// Seconds one WinRM Receive waits for output before the host answers with the
    /// receive-timeout fault (`w:OperationTimeout`).
    public var operationTimeoutSeconds: Int
    /// Retries of transient failures (a whole script run is repeated: every script is
    /// read-only or idempotent).
    public var retry: RetryPolicy
    /// Shells open at once on the host (WinRM allows 30 per user by default).
    public var maxConcurrentShells: Int
    /// Largest output of one script.
    public var maxOutputBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read.
    public var environment: [String: String]

    public init(operationTimeoutSeconds: Int = 20, retry: RetryPolicy = .standard, maxConcurrentShells: Int = 2,
                maxOutputBytes: Int = 32 << 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.operationTimeoutSeconds = max(1, operationTimeoutSeconds)
        self.retry = retry
        self.maxConcurrentShells = max(1, maxConcurrentShells)
        self.maxOutputBytes = maxOutputBytes
        self.environment = environment
    }
}
