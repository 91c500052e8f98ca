/// Bounds on what one spec may make the loader do, so that hostile or broken input
/// (alias bombs, deep nesting, huge files) yields an error naming the limit instead of
/// a crash or a hang.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest spec file read, in bytes.
    public var maxFileBytes: Int
    /// Largest number of spec files in one directory tree.
    public var maxFiles: Int
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int
    /// Nodes a document may expand to (aliases counted as often as they are used),
    /// on top of one node per byte of the file.
    public var baseNodeBudget: Int

    public init(maxFileBytes: Int = 16 << 20, maxFiles: Int = 100_000, maxDepth: Int = 64, baseNodeBudget: Int = 100_000) {
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        self.maxDepth = maxDepth
        self.baseNodeBudget = baseNodeBudget
    }

    /// The limits used unless a caller picks others.
    public static let standard = YAMLLimits()

    /// The node budget for a file of `byteCount` bytes.
    func nodeBudget(forFileOf byteCount: Int) -> Int { baseNodeBudget + byteCount }
}
