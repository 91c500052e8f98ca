import Spec

/// Stands in for a provider whose type this version does not implement yet: every resource
/// it is asked about is `unknown` with that reason, never `absent`.
public struct UnsupportedProvider: Provider {
    public let name: String
    public let type: ProviderSettings.Kind
    public var capabilities: ProviderCapabilities { .none }

    public init(name: String, type: ProviderSettings.Kind) {
        self.name = name
        self.type = type
    }

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        unknown(refs, .providerTypeNotSupported(type.rawValue, provider: name))
    }

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        throw ProviderError.providerTypeNotSupported(type.rawValue, provider: name).attributed(resource: action.target)
    }
}
