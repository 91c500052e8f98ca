import Foundation

/// Tuning of the Veeam provider that the spec does not expose: sensible defaults, changed
/// by tests.
public struct VeeamOptions: Sendable {
    /// `limit` of one page of a list (jobs, job states, sessions).
    public var pageSize: Int
    /// Pages of one list before giving up (a safety net against a server that never ends).
    public var maxPages: Int
    /// Retries of transient failures.
    public var retry: RetryPolicy
    /// Calls in flight at once to this server.
    public var maxConcurrentRequests: Int
    /// Largest answer accepted.
    public var maxResponseBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read.
    public var environment: [String: String]
    /// Replaces the libcurl client (tests).
    public var transport: (any HTTPTransport)?

    public init(pageSize: Int = 200, maxPages: Int = 1000, retry: RetryPolicy = .standard, maxConcurrentRequests: Int = 4,
                maxResponseBytes: Int = 64 << 20, environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: (any HTTPTransport)? = nil) {
        self.pageSize = max(1, pageSize)
        self.maxPages = max(1, maxPages)
        self.retry = retry
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.maxResponseBytes = maxResponseBytes
        self.environment = environment
        self.transport = transport
    }
}
