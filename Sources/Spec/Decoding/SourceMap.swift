import Synchronization

/// The source location of every value decoded from the spec, by path, so that checks
/// run on the merged model can still point at the line a value came from.
///
/// Recording is the hot part (every value of every instance) and looking up the rare one
/// (only when a diagnostic is reported), so paths are kept as steps naming their parent,
/// and written out and indexed only on the first lookup.
public struct SourceMap: Sendable {
    /// Every path entered while decoding, in order, each naming its parent: a path's text
    /// is built only when a lookup needs it (a valid spec never does), so recording the
    /// path of every value of every instance costs no string.
    private var nodes: [PathNode] = []
    /// Paths at which decoding reported an error.
    private var failedPaths: [String] = []
    /// The index of recorded locations by path, built on first use.
    private var index = LazyIndex()

    public init() {}

    /// A handle on one entered path; `root` is the empty path.
    public struct PathID: Sendable, Hashable {
        fileprivate let value: Int32
        /// The empty path (the document itself).
        public static let root = PathID(value: -1)
    }

    /// The path below `parent` at `key`, entered now.
    mutating func enter(_ key: String, below parent: PathID) -> PathID {
        append(PathNode(parent: parent.value, component: .key(key)))
    }

    /// The path of list element `index` below `parent`, entered now.
    mutating func enter(index: Int, below parent: PathID) -> PathID {
        append(PathNode(parent: parent.value, component: .index(index)))
    }

    private mutating func append(_ node: PathNode) -> PathID {
        nodes.append(node)
        if index.isBuilt { index = LazyIndex() }
        return PathID(value: Int32(nodes.count - 1))
    }

    /// The text of an entered path.
    public func path(_ id: PathID) -> SpecPath {
        SpecPath(Self.text(of: id.value, in: nodes))
    }

    /// True when decoding reported an error at `path` or below it. Semantic checks skip
    /// such values, so one mistake is not reported again as a string of follow-on errors.
    public func hasDecodingErrors(under path: SpecPath) -> Bool {
        let prefix = path.description
        return failedPaths.contains { $0 == prefix || $0.hasPrefix(prefix + ".") || $0.hasPrefix(prefix + "[") }
    }

    /// Remembers that decoding failed at `path`.
    mutating func recordFailure(_ path: SpecPath) {
        failedPaths.append(path.description)
    }

    /// The location of the value at `path`, if it was decoded.
    public subscript(path: SpecPath) -> SourceLocation? {
        index.locations(nodes)[path]
    }

    /// The location of `path`, or of its closest decoded parent.
    public func nearestLocation(_ path: SpecPath) -> SourceLocation? {
        let locations = index.locations(nodes)
        var text = path.description
        while true {
            if let location = locations[SpecPath(text)] { return location }
            guard let cut = text.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            text = String(text[..<cut])
        }
    }

    /// Records where the value at `id` came from; the first record wins (later ones are duplicates).
    mutating func record(_ id: PathID, _ location: SourceLocation) {
        guard id.value >= 0, nodes[Int(id.value)].location == nil else { return }
        nodes[Int(id.value)].location = location
        if index.isBuilt { index = LazyIndex() }
    }

    /// Adds the records of `other` that are not known yet.
    mutating func merge(_ other: SourceMap) {
        guard !nodes.isEmpty || !failedPaths.isEmpty else {
            self = other
            return
        }
        let offset = Int32(nodes.count)
        nodes.reserveCapacity(nodes.count + other.nodes.count)
        for var node in other.nodes {
            if node.parent >= 0 { node.parent += offset }
            nodes.append(node)
        }
        failedPaths += other.failedPaths
        index = LazyIndex()
    }

    /// This map with every path starting with `old` rewritten to start with `new`
    /// (used when lists from several files are concatenated).
    func rebasing(_ old: String, to new: String) -> SourceMap {
        guard old != new else { return self }
        func rebased(_ text: String) -> String? {
            text == old || text.hasPrefix(old + ".") || text.hasPrefix(old + "[") ? new + text.dropFirst(old.count) : nil
        }
        var result = SourceMap()
        result.failedPaths = failedPaths.map { rebased($0) ?? $0 }
        // Recorded paths are written out whole; the rest are not needed any more.
        for position in nodes.indices {
            guard let location = nodes[position].location else { continue }
            let text = Self.text(of: Int32(position), in: nodes)
            result.nodes.append(PathNode(parent: -1, component: .whole(rebased(text) ?? text), location: location))
        }
        return result
    }

    /// The text of the path of node `id`, as `SpecPath.appending` writes it.
    private static func text(of id: Int32, in nodes: [PathNode]) -> String {
        var chain: [PathNode.Component] = []
        var current = id
        while current >= 0 {
            chain.append(nodes[Int(current)].component)
            current = nodes[Int(current)].parent
        }
        var text = ""
        for component in chain.reversed() {
            switch component {
            case .key(let key): text = text.isEmpty ? key : text + "." + key
            case .index(let index): text += "[\(index)]"
            case .whole(let whole): text = whole
            }
        }
        return text
    }

    /// One step of a path, and where its value was written once recorded.
    private struct PathNode: Sendable {
        enum Component: Sendable {
            case key(String)
            case index(Int)
            /// A whole path, written out (after rebasing).
            case whole(String)
        }

        var parent: Int32
        var component: Component
        var location: SourceLocation?
    }

    /// The records by path, computed once per set of records and shared by copies.
    private final class LazyIndex: Sendable {
        private let cache = Mutex<[SpecPath: SourceLocation]?>(nil)
        /// Set once `cache` is filled: checked on every record, so a load, not a lock.
        private let built = Atomic<Bool>(false)

        var isBuilt: Bool { built.load(ordering: .acquiring) }

        func locations(_ nodes: [PathNode]) -> [SpecPath: SourceLocation] {
            cache.withLock { cached in
                if let cached { return cached }
                var built = [SpecPath: SourceLocation]()
                for position in nodes.indices {
                    guard let location = nodes[position].location else { continue }
                    let path = SpecPath(SourceMap.text(of: Int32(position), in: nodes))
                    if built[path] == nil { built[path] = location }
                }
                cached = built
                self.built.store(true, ordering: .releasing)
                return built
            }
        }
    }
}
