import Foundation
import Providers
import Spec

/// Asks every provider about its resources, all providers at once, and gathers the answers
/// into one `ObservedEstate`. Each provider batches its own resources.
public struct EstateObserver: Sendable {
    public var registry: ProviderRegistry
    /// The clock stamping `observed_at`.
    public var now: @Sendable () -> Date
    /// Providers observed at the same time.
    public var maxConcurrentProviders: Int
    /// Written into the estate's `generator`.
    public var generator: String?

    public init(registry: ProviderRegistry, now: @escaping @Sendable () -> Date = { Date() }, maxConcurrentProviders: Int = 8,
                generator: String? = nil) {
        self.registry = registry
        self.now = now
        self.maxConcurrentProviders = maxConcurrentProviders
        self.generator = generator
    }

    /// Observes `refs`. Never fails: what could not be observed is `unknown`, with why.
    /// Providers are closed (logged out) afterwards.
    public func observe(_ refs: [ResourceRef], revision: String? = nil) async -> ObservedEstate {
        var estate = ObservedEstate(observedAt: now(), revision: revision, generator: generator)
        let byProvider = Dictionary(grouping: Set(refs), by: \.provider)
        for (name, orphans) in byProvider where registry[name] == nil {
            for ref in orphans {
                estate.resources[ref] = .unknown(ProviderError(.configuration, "no provider is named \(name)",
                                                               advice: "define it under providers: in the spec", provider: name, resource: ref))
            }
        }
        let work = byProvider.compactMap { name, refs in registry[name].map { ($0, refs.sorted()) } }
            .sorted { $0.0.name < $1.0.name }
        let results = await work.concurrentMap(limit: maxConcurrentProviders) { provider, refs in
            let clock = ContinuousClock()
            let start = clock.now
            var observations = await provider.observe(refs)
            await provider.close()
            let elapsed = clock.now - start
            for ref in refs where observations[ref] == nil {
                observations[ref] = .unknown(ProviderError(.protocol, "the provider gave no answer for this resource",
                                                           provider: provider.name, resource: ref))
            }
            let status = ProviderStatus.derive(type: provider.type, observations: refs.compactMap { observations[$0] },
                                               warnings: provider.warnings, durationMS: elapsed.wholeMilliseconds)
            let asked = Set(refs)
            return (provider.name, status, observations.filter { asked.contains($0.key) })
        }
        for (name, status, observations) in results {
            estate.providers[name] = status
            estate.resources.merge(observations) { first, _ in first }
        }
        return estate
    }

    /// Observes everything `spec` references (`ObservationTargets`).
    public func observe(_ spec: Spec, revision: String? = nil) async -> ObservedEstate {
        await observe(ObservationTargets.targets(in: spec), revision: revision)
    }
}
