/// What a provider found out about one resource. Rules treat only `absent` as "it does not
/// exist"; `unknown` means the provider could not tell, and carries why.
public enum Observation: Sendable, Hashable {
    /// Seen, with its state.
    case present(ResourceState)
    /// The provider answered, and the resource does not exist.
    case absent
    /// The provider could not tell: unreachable, refused, not supported. Never treated as absent.
    /// (`indirect`: boxed, like the states, so that an observation is one pointer.)
    indirect case unknown(ProviderError)

    /// The state, when present.
    public var state: ResourceState? {
        if case .present(let state) = self { return state }
        return nil
    }

    /// The reason, when unknown.
    public var error: ProviderError? {
        if case .unknown(let error) = self { return error }
        return nil
    }

    /// `present`, `absent` or `unknown`, as written in JSON.
    public var status: String {
        switch self {
        case .present: return "present"
        case .absent: return "absent"
        case .unknown: return "unknown"
        }
    }
}

extension Observation: Codable {
    private enum CodingKeys: String, CodingKey {
        case status, state, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .status) {
        case "present": self = .present(try container.decode(ResourceState.self, forKey: .state))
        case "absent": self = .absent
        case "unknown": self = .unknown(try container.decode(ProviderError.self, forKey: .error))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .status, in: container,
                                                   debugDescription: "unknown status \"\(other)\" (present, absent, unknown)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        switch self {
        case .present(let state): try container.encode(state, forKey: .state)
        case .absent: break
        case .unknown(let error): try container.encode(error, forKey: .error)
        }
    }
}
