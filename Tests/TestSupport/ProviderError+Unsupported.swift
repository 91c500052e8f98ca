import Providers

extension ProviderError {
    /// A stand-in reason for a resource that stays unknown, as the rendering and completeness
    /// goldens show it. Every provider type is implemented now, so the product no longer
    /// raises it; the tests only need one fixed, recognisable `unsupported` error.
    public static func providerTypeNotSupported(_ type: String, provider: String) -> ProviderError {
        ProviderError(.unsupported, "provider type \(type) not supported yet in this version",
                      advice: "the resource stays unknown until a version of sfreconcile observes \(type) providers",
                      provider: provider)
    }
}
