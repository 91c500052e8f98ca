/// The loop polls a Git source for new revisions. A new valid spec asks for a reconcile; an
/// invalid one does not (the last good spec stays in use, and the source's status says why).
extension GitSource: SpecPolling {
    public func pollForChange() async -> Bool {
        await poll().lastOutcome == .accepted
    }
}
