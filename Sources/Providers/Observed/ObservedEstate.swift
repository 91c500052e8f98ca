import Foundation

/// Everything the providers reported in one observation: the input of rules and the
/// planner, and, written as JSON (docs/observed-json.md), the file that lets
/// `plan --observed FILE` run without credentials.
public struct ObservedEstate: Sendable, Hashable, Codable {
    /// The version of the JSON form. Bumped only when a consumer's parser must change.
    public static let currentFormatVersion = "1.0"

    public var formatVersion: String
    /// When the observation started.
    public var observedAt: Date
    /// The Git revision of the spec that decided what to observe, when known.
    public var revision: String?
    /// The program that wrote the file, e.g. `sfreconcile 0.1.0`.
    public var generator: String?
    /// Every provider asked, by its name in the spec.
    public var providers: [String: ProviderStatus]
    /// Every resource asked about, by address.
    public var resources: [ResourceRef: Observation]

    public init(observedAt: Date, revision: String? = nil, generator: String? = nil,
                providers: [String: ProviderStatus] = [:], resources: [ResourceRef: Observation] = [:]) {
        self.formatVersion = Self.currentFormatVersion
        self.observedAt = observedAt
        self.revision = revision
        self.generator = generator
        self.providers = providers
        self.resources = resources
    }

    /// The observation of `ref`; a resource nobody asked about is unknown.
    public subscript(ref: ResourceRef) -> Observation {
        resources[ref] ?? .unknown(ProviderError(.notFound, "\(ref) was not observed",
                                                 advice: "the observation did not include this resource",
                                                 provider: ref.provider, resource: ref))
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", observedAt = "observed_at", revision, generator, providers, resources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(String.self, forKey: .formatVersion)
        guard formatVersion.split(separator: ".").first == Self.currentFormatVersion.split(separator: ".").first else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: c,
                debugDescription: "format_version \(formatVersion) is not readable by this sfreconcile (reads \(Self.currentFormatVersion))")
        }
        observedAt = try c.decode(Date.self, forKey: .observedAt)
        revision = try c.decodeIfPresent(String.self, forKey: .revision)
        generator = try c.decodeIfPresent(String.self, forKey: .generator)
        providers = try c.decodeIfPresent([String: ProviderStatus].self, forKey: .providers) ?? [:]
        resources = try c.decodeIfPresent([ResourceRef: Observation].self, forKey: .resources) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(observedAt, forKey: .observedAt)
        try c.encodeIfPresent(revision, forKey: .revision)
        try c.encodeIfPresent(generator, forKey: .generator)
        try c.encode(providers, forKey: .providers)
        // An object keyed by address text, members in address order.
        try c.encode(SortedMembers(resources.map { ($0.key.description, $0.value) }), forKey: .resources)
    }
}

/// A JSON object whose members are written in key order by any encoder: a streaming one
/// writes them as encoded, without building a dictionary first.
struct SortedMembers<Value: Encodable>: Encodable {
    let members: [(key: String, value: Value)]

    init(_ members: [(String, Value)]) {
        self.members = members.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for member in members {
            try container.encode(member.value, forKey: MemberKey(stringValue: member.key))
        }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
