/// The bytes of one spec file and the name to show for it. Files come from a directory,
/// or from a Git tree without a checkout.
public struct SpecSourceFile: Sendable {
    /// How locations name the file (a path, or `revision:path` for Git).
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// True for the file names a spec directory is made of.
    public static func isSpecFileName(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
    }
}
