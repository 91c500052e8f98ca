import Foundation

/// When and how often a failed call is tried again: only for transient errors
/// (`ProviderError.isTransient`), with capped exponential backoff and jitter, and for calls
/// that are not idempotent only when the request certainly was not sent.
public struct RetryPolicy: Sendable, Hashable {
    /// Total tries, the first included. 1 turns retrying off.
    public var maxAttempts: Int
    /// The pause after the first failure.
    public var initialDelay: Duration
    /// No pause is longer than this.
    public var maxDelay: Duration
    /// Growth of the pause from one try to the next.
    public var multiplier: Double
    /// The fraction (0…1) of each pause that is random: a pause lies in
    /// `[base × (1 − jitter), base]`, so many controllers do not retry in step.
    public var jitter: Double

    public init(maxAttempts: Int = 3, initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(5),
                multiplier: Double = 2, jitter: Double = 0.5) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The default for provider calls: three tries, 250 ms then 500 ms (less jitter).
    public static let standard = RetryPolicy()
    /// One try only.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The pause after failed try number `attempt` (1-based), given a random number in 0..<1.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let uncapped = initialDelay.inSeconds * pow(multiplier, exponent)
        let base = min(uncapped, maxDelay.inSeconds)
        let factor = 1 - jitter * min(max(random, 0), 1)
        return .nanoseconds(Int64((base * factor * 1e9).rounded()))
    }

    /// Whether `error` after try number `attempt` is worth another try.
    public func shouldRetry(_ error: ProviderError, afterAttempt attempt: Int, idempotent: Bool) -> Bool {
        guard attempt < maxAttempts, error.isTransient else { return false }
        return idempotent || error.requestWasNotSent
    }

    /// Runs `operation`, retrying as the policy says.
    /// - Parameters:
    ///   - idempotent: false for calls that change something, which are then retried only
    ///     when the request was not sent at all.
    ///   - random: source of jitter, injectable for tests.
    ///   - sleep: how to wait, injectable for tests.
    public func run<T>(
        idempotent: Bool = true,
        random: @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ operation: () async throws(ProviderError) -> T
    ) async throws(ProviderError) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                guard shouldRetry(error, afterAttempt: attempt, idempotent: idempotent) else { throw error }
                do {
                    try await sleep(delay(afterAttempt: attempt, random: random()))
                } catch {
                    throw ProviderError(.cancelled, "cancelled while waiting to retry")
                }
                attempt += 1
            }
        }
    }
}
