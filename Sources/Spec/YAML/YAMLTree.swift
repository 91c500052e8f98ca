/// The composed nodes of one YAML file, stored flat: one small record per node, the
/// children of every collection as a range of `children`, and the text of every scalar
/// as a range of `bytes`. `YAMLNode` is a handle on one record.
///
/// A file of 3.7 MB composes to about half a million nodes; kept this way they cost a
/// few large allocations instead of an array per collection and a string per scalar.
final class YAMLTree: Sendable {
    /// One node. Scalars: `start`/`count` are a byte range of `bytes`. Mappings: a range of
    /// `children` holding key and value ids alternately (`count` is twice the pairs).
    /// Lists: a range of `children` holding the items.
    struct Record: Sendable {
        var kind: YAMLNode.Kind
        var style: YAMLScalar.Style
        /// Index into `tags`, or -1 when no tag was written.
        var tag: Int32
        var line: Int32
        var column: Int32
        var start: Int32
        var count: Int32
        var expandedSize: Int
    }

    /// How locations name the file.
    let file: String
    let records: [Record]
    let children: [Int32]
    let bytes: [UInt8]
    let tags: [String]

    init(file: String, records: [Record], children: [Int32], bytes: [UInt8], tags: [String]) {
        self.file = file
        self.records = records
        self.children = children
        self.bytes = bytes
        self.tags = tags
    }

    /// The text of scalar `record`.
    func text(of record: Record) -> String {
        withText(of: record) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body` on the bytes of scalar `record`.
    func withText<T>(of record: Record, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(record.start)..<Int(record.start + record.count)]))
        }
    }
}
