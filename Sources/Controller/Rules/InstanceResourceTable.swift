import Providers

/// Each resource of one instance with its address and its observation, each formatted or
/// looked up once. Every finding and fix about a resource then holds the same address
/// `String` (copies share one buffer), and the rules' many lookups of the same few
/// resources scan five entries instead of hashing a `ResourceRef` into the estate each
/// time: rules used to do both several times per instance.
struct InstanceResourceTable: Sendable {
    private let entries: [(ref: ResourceRef, address: String, observation: Observation)]

    init(_ resources: InstanceResources, estate: ObservedEstate) {
        entries = resources.all.map { ($0, $0.description, estate[$0]) }
    }

    /// `ref.description`, shared when `ref` is one of the instance's resources.
    func address(of ref: ResourceRef) -> String {
        // By index: `for entry in entries` would copy every entry it passes.
        for index in entries.indices where entries[index].ref == ref { return entries[index].address }
        return ref.description
    }

    /// What `estate` says of `ref`: kept from the start when `ref` is one of the
    /// instance's resources, looked up otherwise.
    func observation(of ref: ResourceRef, in estate: ObservedEstate) -> Observation {
        for index in entries.indices where entries[index].ref == ref { return entries[index].observation }
        return estate[ref]
    }
}
