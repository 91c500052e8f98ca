import Foundation

/// Tuning of the vSphere provider that the spec does not expose: sensible defaults, changed
/// by tests and benchmarks.
public struct VSphereOptions: Sendable {
    /// VMs whose details one RetrievePropertiesEx call asks for. Keeps each answer to about
    /// a megabyte, however large the vCenter.
    public var batchSize: Int
    /// Calls in flight at once to this vCenter.
    public var maxConcurrentRequests: Int
    /// `maxObjects` per page of RetrievePropertiesEx; further pages come with a token.
    public var pageSize: Int
    /// Retries of transient failures.
    public var retry: RetryPolicy
    /// Longest wait for a vCenter task (snapshot removal with consolidation can be slow).
    public var taskTimeout: Duration
    /// First pause between two polls of a task; pauses grow to 2 s.
    public var taskPollInterval: Duration
    /// Largest answer accepted.
    public var maxResponseBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read.
    public var environment: [String: String]
    /// Replaces the libcurl client (tests).
    public var transport: (any HTTPTransport)?

    public init(batchSize: Int = 250, maxConcurrentRequests: Int = 4, pageSize: Int = 1000, retry: RetryPolicy = .standard,
                taskTimeout: Duration = .seconds(1800), taskPollInterval: Duration = .milliseconds(100),
                maxResponseBytes: Int = 256 << 20, environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: (any HTTPTransport)? = nil) {
        self.batchSize = max(1, batchSize)
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.pageSize = max(1, pageSize)
        self.retry = retry
        self.taskTimeout = taskTimeout
        self.taskPollInterval = taskPollInterval
        self.maxResponseBytes = maxResponseBytes
        self.environment = environment
        self.transport = transport
    }
}
