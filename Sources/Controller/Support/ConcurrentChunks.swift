import Dispatch
import Foundation
import Synchronization

/// Work on a range of indices split into contiguous chunks that run on every core, each
/// chunk's result kept in chunk order: for renderers writing 100,000 independent rows.
enum ConcurrentChunks {
    /// `body` on consecutive chunks of `range`, at least `minimumChunk` long and as many as
    /// there are cores (a short range runs in one chunk, on the caller's thread). The
    /// results come back in the order of the chunks.
    static func map<Result: Sendable>(_ range: Range<Int>, minimumChunk: Int = 2_000,
                                      _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
        let count = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, range.count / Swift.max(1, minimumChunk)))
        guard count > 1 else { return [body(range)] }
        let size = (range.count + count - 1) / count
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { chunk in
            let start = range.lowerBound + chunk * size
            let result = body(start..<Swift.min(range.upperBound, start + size))
            results.withLock { $0[chunk] = result }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
