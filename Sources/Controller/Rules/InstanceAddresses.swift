import Providers

/// The address of each resource of one instance, formatted once. Every finding and fix
/// about a resource then holds the same `String` (copies share one buffer) instead of
/// formatting its own: rules used to format the same address several times per instance.
struct InstanceAddresses: Sendable {
    private let entries: [(ref: ResourceRef, address: String)]

    init(_ resources: InstanceResources) {
        entries = resources.all.map { ($0, $0.description) }
    }

    /// `ref.description`, shared when `ref` is one of the instance's resources.
    func of(_ ref: ResourceRef) -> String {
        for entry in entries where entry.ref == ref { return entry.address }
        return ref.description
    }
}
