import Synchronization

/// The source location of every value decoded from the spec, by path, so that checks
/// run on the merged model can still point at the line a value came from.
///
/// Recording is the hot part (every value of every instance) and looking up the rare one
/// (only when a diagnostic is reported), so records are appended in order and indexed by
/// path only on the first lookup.
public struct SourceMap: Sendable {
    /// Every record in order; the first record of a path wins.
    private var records: [(path: SpecPath, location: SourceLocation)] = []
    /// Paths at which decoding reported an error.
    private var failedPaths: [String] = []
    /// The index of `records` by path, built on first use.
    private var index = LazyIndex()

    public init() {}

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
        index.locations(records)[path]
    }

    /// The location of `path`, or of its closest decoded parent.
    public func nearestLocation(_ path: SpecPath) -> SourceLocation? {
        let locations = index.locations(records)
        var text = path.description
        while true {
            if let location = locations[SpecPath(text)] { return location }
            guard let cut = text.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            text = String(text[..<cut])
        }
    }

    /// Records where `path` came from; the first record wins (later ones are duplicates).
    mutating func record(_ path: SpecPath, _ location: SourceLocation) {
        records.append((path, location))
        if index.isBuilt { index = LazyIndex() }
    }

    /// Adds the records of `other` that are not known yet.
    mutating func merge(_ other: SourceMap) {
        guard !records.isEmpty || !failedPaths.isEmpty else {
            self = other
            return
        }
        records += other.records
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
        result.records = records.map { record in
            (rebased(record.path.description).map { SpecPath($0) } ?? record.path, record.location)
        }
        return result
    }

    /// The records by path, computed once per set of records and shared by copies.
    private final class LazyIndex: Sendable {
        private let cache = Mutex<[SpecPath: SourceLocation]?>(nil)

        var isBuilt: Bool { cache.withLock { $0 != nil } }

        func locations(_ records: [(path: SpecPath, location: SourceLocation)]) -> [SpecPath: SourceLocation] {
            cache.withLock { cached in
                if let cached { return cached }
                var built = [SpecPath: SourceLocation](minimumCapacity: records.count)
                for record in records where built[record.path] == nil { built[record.path] = record.location }
                cached = built
                return built
            }
        }
    }
}
