import Dispatch

extension ConcurrentChunks {
    /// The arrays `elements` reads from every piece, joined in order into one array that
    /// every core writes a part of: each chunk of `pieces` is copied to its place by one
    /// task.
    ///
    /// What this saves is the first write to a large array's memory, not the copying: a
    /// plan's 200,000 findings fill 29 MB of fresh pages, and the kernel's handing them out
    /// zeroed, on one core, was most of 75 ms in which planning 10,000 instances used one
    /// core of two.
    static func joined<Piece: Sendable, Element: Sendable>(_ pieces: [[Piece]],
                                                           _ elements: @Sendable (Piece) -> [Element]) -> [Element] {
        var total = 0
        let offsets = pieces.map { chunk in
            defer { for piece in chunk { total += elements(piece).count } }
            return total
        }
        guard pieces.count > 1 else { return pieces.first.map { $0.flatMap(elements) } ?? [] }
        return Array(unsafeUninitializedCapacity: total) { buffer, initialized in
            let start = Destination(address: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: pieces.count) { chunk in
                guard var next = start.address.map({ $0 + offsets[chunk] }) else { return }
                for piece in pieces[chunk] {
                    elements(piece).withUnsafeBufferPointer { part in
                        guard let first = part.baseAddress else { return }
                        next.initialize(from: first, count: part.count)
                        next += part.count
                    }
                }
            }
            initialized = total
        }
    }

    /// Frees `pieces` on every core, one chunk per task, and leaves it empty: dropping a
    /// plan's pieces releases every string of 200,000 findings once more.
    static func discard<Piece: Sendable>(_ pieces: inout [[Piece]]) {
        pieces.withUnsafeMutableBufferPointer { all in
            let chunks = Destination(address: all.baseAddress)
            DispatchQueue.concurrentPerform(iterations: all.count) { chunk in
                chunks.address.map { ($0 + chunk).pointee = [] }
            }
        }
        pieces = []
    }

    /// Where the tasks write: each a part of its own, which the compiler cannot see.
    private struct Destination<Element>: @unchecked Sendable {
        let address: UnsafeMutablePointer<Element>?
    }
}
