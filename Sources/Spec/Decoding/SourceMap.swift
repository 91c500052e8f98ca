/// The source location of every value decoded from the spec, by path, so that checks
/// run on the merged model can still point at the line a value came from.
public struct SourceMap: Sendable {
    private var locations: [SpecPath: SourceLocation] = [:]
    /// Paths at which decoding reported an error.
    private var failedPaths: [String] = []

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
        locations[path]
    }

    /// The location of `path`, or of its closest decoded parent.
    public func nearestLocation(_ path: SpecPath) -> SourceLocation? {
        var text = path.description
        while true {
            if let location = locations[SpecPath(text)] { return location }
            guard let cut = text.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            text = String(text[..<cut])
        }
    }

    /// Records where `path` came from; the first record wins (later ones are duplicates).
    mutating func record(_ path: SpecPath, _ location: SourceLocation) {
        if locations[path] == nil { locations[path] = location }
    }

    /// Adds the records of `other` that are not known yet.
    mutating func merge(_ other: SourceMap) {
        guard !locations.isEmpty else {
            self = other
            return
        }
        locations.merge(other.locations) { first, _ in first }
        failedPaths += other.failedPaths
    }

    /// This map with every path starting with `old` rewritten to start with `new`
    /// (used when lists from several files are concatenated).
    func rebasing(_ old: String, to new: String) -> SourceMap {
        guard old != new else { return self }
        var result = SourceMap()
        result.failedPaths = failedPaths.map { text in
            text == old || text.hasPrefix(old + ".") || text.hasPrefix(old + "[") ? new + text.dropFirst(old.count) : text
        }
        for (path, location) in locations {
            let text = path.description
            if text == old || text.hasPrefix(old + ".") || text.hasPrefix(old + "[") {
                result.locations[SpecPath(new + text.dropFirst(old.count))] = location
            } else {
                result.locations[path] = location
            }
        }
        return result
    }
}
