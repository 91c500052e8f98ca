import Spec

/// How one provider fared during an observation, so a plan can say which parts of the
/// estate it could not see (completeness) and why.
public struct ProviderStatus: Sendable, Hashable, Codable {
    /// Whether the provider could be asked at all.
    public enum State: String, Sendable, Hashable, Codable {
        /// It answered for at least one resource (present or absent).
        case up
        /// It answered for none: every resource it was asked about is unknown.
        case down
        /// This version of sfreconcile does not implement the provider's type.
        case unsupported
    }

    /// The provider's type, as in the spec.
    public var type: ProviderSettings.Kind
    public var state: State
    /// Why it is down or unsupported: the first error it gave.
    public var error: ProviderError?
    /// Setup an admin should know about (TLS verification off, …).
    public var warnings: [String]
    /// How many resources it was asked about, and how many came back unknown.
    public var resources: Int
    public var unknown: Int
    /// Wall time the observation took, in milliseconds.
    public var durationMS: Int

    public init(type: ProviderSettings.Kind, state: State, error: ProviderError? = nil, warnings: [String] = [],
                resources: Int = 0, unknown: Int = 0, durationMS: Int = 0) {
        self.type = type
        self.state = state
        self.error = error
        self.warnings = warnings
        self.resources = resources
        self.unknown = unknown
        self.durationMS = durationMS
    }

    /// The status of a provider, read off what its observation returned.
    public static func derive(type: ProviderSettings.Kind, observations: [Observation], warnings: [String],
                              durationMS: Int) -> ProviderStatus {
        let errors = observations.compactMap(\.error)
        let answered = observations.count - errors.count
        let state: State
        if !errors.isEmpty, answered == 0 {
            state = errors.allSatisfy({ $0.kind == .unsupported }) ? .unsupported : .down
        } else {
            state = .up
        }
        return ProviderStatus(type: type, state: state, error: state == .up ? nil : errors.first, warnings: warnings,
                              resources: observations.count, unknown: errors.count, durationMS: durationMS)
    }

    enum CodingKeys: String, CodingKey {
        case type, state, error, warnings, resources, unknown, durationMS = "duration_ms"
    }
}
