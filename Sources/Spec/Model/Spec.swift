/// The whole desired state: every document of a spec merged into one.
public struct Spec: Sendable {
    public var objectives = Objectives()
    public var sites = NamedMap<Site>()
    public var providers = NamedMap<ProviderSettings>()
    public var instances = NamedMap<Instance>()
    public var alerts: [AlertSink] = []
    public var policy = Policy()

    public init() {}

    /// The objectives that hold for `instance`: its own overrides over the defaults.
    public func objectives(for instance: Instance) -> Objectives {
        objectives.overridden(by: instance.objectives)
    }

    /// The whole spec as JSON, secrets shown only as their references.
    public var json: JSONValue {
        .object([
            ("objectives", objectives.json),
            ("sites", sites.json),
            ("providers", providers.json),
            ("instances", instances.json),
            ("alerts", alerts.json),
            ("policy", policy.json),
        ])
    }
}
