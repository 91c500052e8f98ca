/// A position in a spec file, 1-based, as editors and compilers count.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file as the user named it (a path, or `repo@rev:path` for Git sources).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number, counted in Unicode scalars.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of a whole file, used where no finer position exists.
    public static func file(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    /// `file:line:column`, the form every editor can jump to.
    public var description: String { "\(file):\(line):\(column)" }
}
