import Foundation
import Synchronization

/// Counts the journal checkpoints an apply passes and, when told to by
/// `ApplyConfiguration.killAtCheckpoint`, kills the process there with SIGKILL: the fault
/// test's way to stop an apply at random points of the journal protocol (between a
/// journal write and a provider call, and after either). Does nothing otherwise.
final class CrashHook: Sendable {
    private let killAt: Int?
    private let count = Mutex(0)

    init(killAt: Int?) {
        self.killAt = killAt
    }

    /// One checkpoint passed.
    func checkpoint() {
        guard let killAt else { return }
        let reached = count.withLock { value -> Bool in
            value += 1
            return value == killAt
        }
        if reached { kill(getpid(), SIGKILL) }
    }
}
