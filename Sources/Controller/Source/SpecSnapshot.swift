import Spec

/// A spec as loaded from one origin: the load result (model, diagnostics, files) and
/// where it came from. The value every later step (plan, status, diff) starts from.
public struct SpecSnapshot: Sendable {
    public var origin: SpecOrigin
    public var result: SpecLoadResult
    /// The verified signature of the commit, when signatures are required.
    public var signature: GitSignatureCheck?

    public init(origin: SpecOrigin, result: SpecLoadResult, signature: GitSignatureCheck? = nil) {
        self.origin = origin
        self.result = result
        self.signature = signature
    }

    /// The Git revision the spec was read at, if it came from Git.
    public var revision: GitRevision? { origin.revision }
}
