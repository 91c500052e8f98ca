import Spec

/// A spec as loaded from one origin: the load result (model, diagnostics, files) and
/// where it came from. The value every later step (plan, status, diff) starts from.
public struct SpecSnapshot: Sendable {
    public var origin: SpecOrigin
    public var result: SpecLoadResult

    public init(origin: SpecOrigin, result: SpecLoadResult) {
        self.origin = origin
        self.result = result
    }

    /// The Git revision the spec was read at, if it came from Git.
    public var revision: GitRevision? { origin.revision }
}
