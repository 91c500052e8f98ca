import Foundation

/// Blocking work on a thread of its own, awaited without holding a thread of Swift's
/// cooperative pool.
///
/// The pool has one thread per core. A blocking transfer, or a long computation run as a
/// task, holds one of them, and a `DispatchQueue.concurrentPerform` in another task then
/// got no helper here: reading a 10,000-instance estate as an `async let` left the spec
/// files, meant to load side by side, loading one after the other on one core.
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
