import Foundation

/// How an apply executes: bounds, timeouts, retries, and the crash-test hook.
public struct ApplyConfiguration: Sendable {
    /// Independent actions run at the same time, at most this many.
    public var parallelism: Int
    /// The longest one provider call of an action may take.
    public var actionTimeout: Duration
    /// Attempts per action for transient errors (unreachable, timeout, busy), the first included.
    public var maxAttempts: Int
    /// The wait before the second attempt; doubled per attempt up to `maxBackoff`, with jitter.
    public var backoff: Duration
    public var maxBackoff: Duration
    /// Test hook (`SFRECONCILE_TEST_KILL_AT`, docs/reliability.md): the process kills itself
    /// with SIGKILL when it reaches this journal checkpoint (1-based). Nil in normal use.
    public var killAtCheckpoint: Int?

    public init(parallelism: Int = 4, actionTimeout: Duration = .seconds(600), maxAttempts: Int = 3, backoff: Duration = .seconds(2),
                maxBackoff: Duration = .seconds(30), killAtCheckpoint: Int? = nil) {
        self.parallelism = parallelism
        self.actionTimeout = actionTimeout
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.killAtCheckpoint = killAtCheckpoint
    }

    /// The wait before attempt `attempt` (2, 3, …): capped exponential, with up to 20 % jitter.
    func delay(beforeAttempt attempt: Int) -> Duration {
        let base = backoff * (1 << Swift.min(attempt - 2, 16))
        let capped = Swift.min(base, maxBackoff)
        return capped + capped * Double.random(in: 0...0.2)
    }
}
