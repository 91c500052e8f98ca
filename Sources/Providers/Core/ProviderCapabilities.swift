/// What a provider can observe and do, so the planner proposes only actions some
/// provider can carry out, and reports the rest as alerts.
public struct ProviderCapabilities: Sendable, Hashable, Codable {
    /// The resource kinds `observe` answers for.
    public var observes: Set<ResourceKind>
    /// The actions `perform` carries out.
    public var performs: Set<ProviderAction.Kind>

    public init(observes: Set<ResourceKind> = [], performs: Set<ProviderAction.Kind> = []) {
        self.observes = observes
        self.performs = performs
    }

    public func canObserve(_ kind: ResourceKind) -> Bool { observes.contains(kind) }
    public func canPerform(_ kind: ProviderAction.Kind) -> Bool { performs.contains(kind) }
}
