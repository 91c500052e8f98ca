/// The spec at two revisions and what changed between them: what `sfreconcile diff`
/// shows on a pull request.
public struct SpecComparison: Sendable {
    public var base: SpecSnapshot
    public var head: SpecSnapshot
    public var diff: SpecDiff

    public init(base: SpecSnapshot, head: SpecSnapshot) {
        self.base = base
        self.head = head
        diff = SpecDiff(from: base.result.spec, to: head.result.spec)
    }
}
