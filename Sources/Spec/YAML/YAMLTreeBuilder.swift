/// Builds a `YAMLTree` node by node as the composer meets libyaml's events: scalars and
/// aliases become records at once; a collection's items wait on one shared stack of ids
/// until its end event, then move to `children` as one range (no array per collection).
struct YAMLTreeBuilder {
    typealias Record = YAMLTree.Record

    let file: String
    private(set) var records: [Record] = []
    private var children: [Int32] = []
    private var bytes: [UInt8] = []
    private var tags: [String] = []
    private var tagIndex: [String: Int32] = [:]
    /// Items of the collections still open, innermost last.
    private var pending: [Int32] = []

    init(file: String, expectedBytes: Int) {
        self.file = file
        // A spec file composes to roughly one node per 8 bytes; reserving avoids regrowth copies.
        records.reserveCapacity(expectedBytes / 8 + 16)
        children.reserveCapacity(expectedBytes / 8 + 16)
        bytes.reserveCapacity(expectedBytes / 2 + 16)
    }

    /// The finished tree.
    func build() -> YAMLTree {
        YAMLTree(file: file, records: records, children: children, bytes: bytes, tags: tags)
    }

    // MARK: Nodes

    /// Adds a scalar node; returns its id.
    mutating func addScalar(_ text: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style, tag: String?,
                            line: Int32, column: Int32) -> Int32 {
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: text)
        return add(Record(kind: .scalar, style: style, tag: tagID(tag), line: line, column: column,
                          start: start, count: Int32(truncatingIfNeeded: text.count), expandedSize: 1))
    }

    /// Adds a node with the content of `original` (an anchor) at the place of its alias.
    mutating func addAlias(of original: Int32, line: Int32, column: Int32) -> Int32 {
        var record = records[Int(original)]
        record.line = line
        record.column = column
        return add(record)
    }

    /// Adds the empty plain scalar (an empty document).
    mutating func addEmpty(line: Int32, column: Int32) -> Int32 {
        add(Record(kind: .scalar, style: .plain, tag: -1, line: line, column: column,
                   start: 0, count: 0, expandedSize: 1))
    }

    private mutating func add(_ record: Record) -> Int32 {
        records.append(record)
        return Int32(truncatingIfNeeded: records.count - 1)
    }

    private mutating func tagID(_ tag: String?) -> Int32 {
        guard let tag else { return -1 }
        if let id = tagIndex[tag] { return id }
        let id = Int32(tags.count)
        tags.append(tag)
        tagIndex[tag] = id
        return id
    }

    // MARK: Collections

    /// Where the items of a collection opened now will start.
    var pendingCount: Int { pending.count }

    /// Adds `id` as the next item of the innermost open collection.
    mutating func appendPending(_ id: Int32) {
        pending.append(id)
    }

    /// Closes a list whose items are pending from `first` on; returns its id.
    mutating func closeSequence(from first: Int, line: Int32, column: Int32, expandedSize: Int) -> Int32 {
        let start = Int32(truncatingIfNeeded: children.count)
        children.append(contentsOf: pending[first...])
        pending.removeSubrange(first...)
        return add(Record(kind: .sequence, style: .plain, tag: -1, line: line, column: column, start: start,
                          count: Int32(truncatingIfNeeded: children.count) - start, expandedSize: expandedSize))
    }

    /// Closes a mapping whose keys and values are pending from `first` on: checks duplicate
    /// keys and applies `<<` merge keys (explicit keys win). Returns its id.
    mutating func closeMapping(from first: Int, line: Int32, column: Int32, expandedSize: Int,
                               diagnostics: inout [Diagnostic]) -> Int32 {
        let base = children.count
        var merged: [Int32] = []
        // Keys kept so far: a small mapping (nearly all of them) is searched in place; a
        // large one (`instances:`) gets an index, so neither costs a dictionary per node.
        var index: [String: Int32]? = pending.count - first > 32 ? [:] : nil
        for position in stride(from: first, to: pending.count - 1, by: 2) {
            let key = pending[position], value = pending[position + 1]
            let keyRecord = records[Int(key)]
            if keyRecord.kind == .scalar, keyRecord.style == .plain, isText(key, "<<") {
                merged.append(contentsOf: mergeSources(value, diagnostics: &diagnostics))
                continue
            }
            if keyRecord.kind == .scalar {
                if let earlier = firstKey(like: key, from: base, index: index) {
                    let text = self.text(of: key)
                    let first = location(of: earlier)
                    diagnostics.append(Diagnostic(
                        .error, .duplicateKey, at: location(of: key), "duplicate key \"\(text)\" in this mapping",
                        hint: "each key may appear once; the first \"\(text)\" is at line \(first.line), column \(first.column) — merge the two or rename one",
                        related: first))
                    continue
                }
                index?[text(of: key)] = key
            }
            children.append(key)
            children.append(value)
        }
        for position in stride(from: 0, to: merged.count, by: 2) {
            let key = merged[position]
            if records[Int(key)].kind == .scalar, firstKey(like: key, from: base, index: index) == nil {
                index?[text(of: key)] = key
                children.append(key)
                children.append(merged[position + 1])
            }
        }
        pending.removeSubrange(first...)
        let start = Int32(truncatingIfNeeded: base)
        return add(Record(kind: .mapping, style: .plain, tag: -1, line: line, column: column, start: start,
                          count: Int32(truncatingIfNeeded: children.count) - start, expandedSize: expandedSize))
    }

    /// The key, among the pairs kept from `base` on, with the same text as `key`.
    private func firstKey(like key: Int32, from base: Int, index: [String: Int32]?) -> Int32? {
        if let index { return index[text(of: key)] }
        for position in stride(from: base, to: children.count, by: 2) where sameScalarText(children[position], key) {
            return children[position]
        }
        return nil
    }

    /// The key and value ids a merge key (`<<: *defaults` or `<<: [*a, *b]`) brings in.
    private func mergeSources(_ value: Int32, diagnostics: inout [Diagnostic]) -> [Int32] {
        let record = records[Int(value)]
        switch record.kind {
        case .mapping:
            return Array(children[Int(record.start)..<Int(record.start + record.count)])
        case .sequence:
            return children[Int(record.start)..<Int(record.start + record.count)].flatMap {
                mergeSources($0, diagnostics: &diagnostics)
            }
        case .scalar:
            diagnostics.append(Diagnostic(
                .error, .typeMismatch, at: location(of: value),
                "a merge key (<<) needs a mapping, found \(scalar(value).kindDescription)",
                hint: "write \"<<: *anchor\" where the anchor names a mapping"))
            return []
        }
    }

    // MARK: Reading back

    /// The location of node `id`.
    func location(of id: Int32) -> SourceLocation {
        let record = records[Int(id)]
        return SourceLocation(file: file, line: Int(record.line), column: Int(record.column))
    }

    /// The scalar node `id` as a value.
    private func scalar(_ id: Int32) -> YAMLScalar {
        let record = records[Int(id)]
        return YAMLScalar(text(of: id), style: record.style, tag: record.tag < 0 ? nil : tags[Int(record.tag)])
    }

    private func text(of id: Int32) -> String {
        let record = records[Int(id)]
        return String(decoding: bytes[Int(record.start)..<Int(record.start + record.count)], as: UTF8.self)
    }

    private func isText(_ id: Int32, _ text: StaticString) -> Bool {
        let record = records[Int(id)]
        return bytes[Int(record.start)..<Int(record.start + record.count)].elementsEqual(
            UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// True when `a` and `b` are both scalars with the same text.
    private func sameScalarText(_ a: Int32, _ b: Int32) -> Bool {
        let first = records[Int(a)], second = records[Int(b)]
        guard first.kind == .scalar, second.kind == .scalar else { return false }
        return YAMLScalar.sameText(bytes[Int(first.start)..<Int(first.start + first.count)],
                                   bytes[Int(second.start)..<Int(second.start + second.count)])
    }
}
