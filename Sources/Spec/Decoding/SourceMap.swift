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
    /// The file the values recorded in `nodes` were read from (one document, one file).
    private var file = ""
    /// The paths of documents merged in before `nodes`, in order, each part numbered on its
    /// own: merging keeps a document's records as they are instead of copying them.
    private var earlierParts: [Part] = []
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

    /// Makes room for `count` paths.
    mutating func reserveCapacity(_ count: Int) {
        nodes.reserveCapacity(count)
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

    /// True when decoding reported an error anywhere.
    public var hasDecodingErrors: Bool { !failedPaths.isEmpty }

    /// Remembers that decoding failed at `path`.
    mutating func recordFailure(_ path: SpecPath) {
        failedPaths.append(path.description)
    }

    /// The location of the value at `path`, if it was decoded.
    public subscript(path: SpecPath) -> SourceLocation? {
        index.locations(parts)[path]
    }

    /// The location of `path`, or of its closest decoded parent.
    public func nearestLocation(_ path: SpecPath) -> SourceLocation? {
        let locations = index.locations(parts)
        var text = path.description
        while true {
            if let location = locations[SpecPath(text)] { return location }
            guard let cut = text.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            text = String(text[..<cut])
        }
    }

    /// Every part, in order: the parts merged in, then `nodes`.
    private var parts: [Part] { earlierParts + [Part(file: file, nodes: nodes)] }

    /// Records that the value at `id` was read from `node`; the first record wins (later
    /// ones are duplicates). Stores the line and column only: the file is the map's.
    mutating func record(_ id: PathID, _ node: YAMLNode) {
        guard id.value >= 0, nodes[Int(id.value)].line == 0 else { return }
        let (line, column) = node.lineAndColumn
        nodes[Int(id.value)].line = line
        nodes[Int(id.value)].column = column
        if file.isEmpty { file = node.tree.file }
        if index.isBuilt { index = LazyIndex() }
    }

    /// Adds the records of `other` that are not known yet (earlier records win on lookup).
    /// Only for maps that are complete: no path is entered into a merged map afterwards.
    mutating func merge(_ other: SourceMap) {
        guard !nodes.isEmpty || !earlierParts.isEmpty || !failedPaths.isEmpty else {
            self = other
            return
        }
        if !nodes.isEmpty { earlierParts.append(Part(file: file, nodes: nodes)) }
        earlierParts += other.earlierParts
        nodes = other.nodes
        file = other.file
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
        for part in parts {
            var written: [PathNode] = []
            for position in part.nodes.indices where part.nodes[position].line != 0 {
                let text = Self.text(of: Int32(position), in: part.nodes)
                var node = part.nodes[position]
                node.parent = -1
                node.component = .whole(rebased(text) ?? text)
                written.append(node)
            }
            result.earlierParts.append(Part(file: part.file, nodes: written))
        }
        if let last = result.earlierParts.popLast() {
            result.nodes = last.nodes
            result.file = last.file
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
        /// 1-based; 0 until the value's location is recorded.
        var line: Int32 = 0
        var column: Int32 = 0
        var component: Component

        init(parent: Int32, component: Component) {
            self.parent = parent
            self.component = component
        }
    }

    /// The paths of one document and the file its values were read from.
    private struct Part: Sendable {
        var file: String
        var nodes: [PathNode]
    }

    /// The records by path, computed once per set of records and shared by copies.
    private final class LazyIndex: Sendable {
        private let cache = Mutex<[SpecPath: SourceLocation]?>(nil)
        /// Set once `cache` is filled: checked on every record, so a load, not a lock.
        private let built = Atomic<Bool>(false)

        var isBuilt: Bool { built.load(ordering: .acquiring) }

        func locations(_ parts: @autoclosure () -> [Part]) -> [SpecPath: SourceLocation] {
            cache.withLock { cached in
                if let cached { return cached }
                var built = [SpecPath: SourceLocation]()
                for part in parts() {
                    for (position, node) in part.nodes.enumerated() where node.line != 0 {
                        let path = SpecPath(SourceMap.text(of: Int32(position), in: part.nodes))
                        if built[path] == nil {
                            built[path] = SourceLocation(file: part.file, line: Int(node.line), column: Int(node.column))
                        }
                    }
                }
                cached = built
                self.built.store(true, ordering: .releasing)
                return built
            }
        }
    }
}
