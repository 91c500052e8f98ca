import Foundation

/// Blocking work on a thread of its own, awaited without holding a thread of Swift's
/// cooperative pool.
///
/// The pool has one thread per core, and `DispatchQueue.concurrentPerform` called from
/// a task finds helpers only among them: a blocking transfer, or a long computation run
/// as a task beside one that fans out, would leave the fan-out on one core (reading a
/// 10,000-instance estate as an `async let` loaded the spec files one after the other).
public enum OwnThread {
    /// Runs `body` on a new thread called `name` and returns its result.
    public static func run<Result: Sendable>(named name: String, _ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
