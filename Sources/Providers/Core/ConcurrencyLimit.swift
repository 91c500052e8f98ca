/// At most `limit` operations at once: a provider's calls to its system, or the batches of
/// one observation. Waiters are served in arrival order.
public actor ConcurrencyLimit {
    public nonisolated let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(_ limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once a slot is free, in the caller's context.
    public nonisolated func run<T, E: Error>(_ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            waiters.removeFirst().resume()   // the slot passes straight to the next waiter
        }
    }
}

extension Sequence where Element: Sendable {
    /// Maps the elements concurrently, at most `limit` at a time, keeping their order.
    public func concurrentMap<T: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        let items = Array(self)
        guard !items.isEmpty else { return [] }
        return await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<Swift.min(Swift.max(1, limit), items.count) {
                let index = next
                group.addTask { (index, await transform(items[index])) }
                next += 1
            }
            for await (index, value) in group {
                results[index] = value
                if next < items.count {
                    let index = next
                    group.addTask { (index, await transform(items[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
