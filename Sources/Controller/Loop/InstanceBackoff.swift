import Foundation
import Providers

/// Per-instance exponential backoff: an instance whose actions failed is left alone for a
/// while (growing with each failure in a row, capped, with jitter), so one broken PBX does not
/// make the controller hammer its vCenter every cycle while the others go on. Observation and
/// planning still cover it; only its actions wait. A value; the loop keeps one.
public struct InstanceBackoff: Sendable, Hashable, Codable {
    /// One instance's failures in a row and when its actions may run again.
    public struct Entry: Sendable, Hashable, Codable {
        public var failures: Int
        public var retryAt: Date
        public var lastError: String
    }

    /// Instances currently backing off.
    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Whether `instance`'s actions may run at `now`.
    public func allows(_ instance: String, at now: Date) -> Bool {
        guard let entry = entries[instance] else { return true }
        return now >= entry.retryAt
    }

    /// Records a failed action of `instance` at `now`: the next try waits per `policy`
    /// (its `maxAttempts` is not used: the loop never gives up), `random` in 0..<1 picks the
    /// jitter.
    public mutating func recordFailure(of instance: String, message: String, at now: Date, policy: RetryPolicy,
                                       random: Double) {
        let failures = (entries[instance]?.failures ?? 0) + 1
        let delay = policy.delay(afterAttempt: failures, random: random)
        entries[instance] = Entry(failures: failures, retryAt: now.addingTimeInterval(delay.inSeconds), lastError: message)
    }

    /// Records that `instance`'s actions succeeded (or it had none to run): it backs off no more.
    public mutating func recordSuccess(of instance: String) {
        entries[instance] = nil
    }

    /// The default: 30 s after the first failure, doubling, at most an hour, a fifth of it random.
    public static let defaultPolicy = RetryPolicy(maxAttempts: Int.max, initialDelay: .seconds(30), maxDelay: .seconds(3600),
                                                  multiplier: 2, jitter: 0.2)
}
