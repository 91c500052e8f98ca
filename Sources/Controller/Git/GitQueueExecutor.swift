import Dispatch

/// Runs an actor's jobs on a serial dispatch queue of its own instead of Swift's
/// cooperative thread pool.
///
/// libgit2 blocks while it talks to a server or reads pack files. On a two-core machine
/// the cooperative pool has two threads; a fetch must not hold one of them. Every job of a
/// ``GitRepositoryCache`` runs here, one at a time, so libgit2 objects (which are not
/// thread-safe) are also only ever touched by one thread at a time.
final class GitQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
