import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on one cache entry, held across processes with `flock(2)`, so a
/// `sfreconcile validate` run beside a running controller never reads a half-written
/// mirror. The lock file lives beside the entry and is never deleted (deleting it would
/// let two holders lock two different files).
final class GitCacheLock {
    private let descriptor: Int32
    private let path: String

    init(path: String) throws(GitError) {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw GitError(.cacheUnusable, "the cache lock file \(path) cannot be opened: \(String(cString: strerror(errno)))",
                           hint: "check that the cache directory is writable, or pass another --cache-dir")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Runs `body` holding the lock, waiting at most `timeout` for another holder.
    func withLock<R>(timeout: Duration, _ body: () throws(GitError) -> R) throws(GitError) -> R {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                throw GitError(.cacheUnusable, "the cache entry \(path) stayed locked by another sfreconcile for \(timeout)",
                               hint: "wait for the other process, or pass another --cache-dir")
            }
            usleep(20_000)
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
