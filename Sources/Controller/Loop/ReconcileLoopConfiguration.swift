/// When the loop reconciles and polls. All intervals get random jitter, so many controllers
/// (or many instances of a deployment) do not act in step.
public struct ReconcileLoopConfiguration: Sendable, Hashable {
    /// Reconcile at least this often, to catch drift nothing announces.
    public var interval: Duration
    /// After a transient failure or a failed action: the first retry's delay, doubling per
    /// failure in a row, never beyond ``interval``.
    public var retryInterval: Duration
    /// Poll the spec source this often (webhooks make it sooner).
    public var sourceInterval: Duration
    /// The fraction (0…1) of each wait that is random.
    public var jitter: Double

    public init(interval: Duration = .seconds(300), retryInterval: Duration = .seconds(10),
                sourceInterval: Duration = .seconds(60), jitter: Double = 0.1) {
        self.interval = interval
        self.retryInterval = retryInterval
        self.sourceInterval = sourceInterval
        self.jitter = min(1, max(0, jitter))
    }

    /// `base` shortened by up to ``jitter`` of itself; `random` in 0..<1.
    public func jittered(_ base: Duration, random: Double) -> Duration {
        base * (1 - jitter * random)
    }
}
