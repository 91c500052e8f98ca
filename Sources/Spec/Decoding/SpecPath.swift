/// Where a value sits in the spec, written as users read it:
/// `instances.pbx-main.geo[0].via.provider`.
///
/// Paths name values in diagnostics and map values back to their source location.
public struct SpecPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public private(set) var description: String

    public init(_ text: String = "") { description = text }
    public init(stringLiteral value: String) { description = value }

    /// The path of a key below this one.
    public func appending(_ key: String) -> SpecPath {
        SpecPath(description.isEmpty ? key : description + "." + key)
    }

    /// The path of a list element below this one.
    public func appending(index: Int) -> SpecPath {
        SpecPath(description + "[\(index)]")
    }
}
