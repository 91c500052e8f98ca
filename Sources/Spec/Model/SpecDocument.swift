/// One YAML document of a spec, before documents are merged. Every section is optional
/// so that a spec can be split over many files (one per customer, say).
public struct SpecDocument: SpecObject {
    /// The only format this version reads.
    public static let currentAPIVersion = "sfreconcile/v1"

    public var apiVersion = ""
    public var objectives: Objectives?
    public var sites: NamedMap<Site>?
    public var providers: NamedMap<ProviderSettings>?
    public var instances: NamedMap<Instance>?
    public var alerts: [AlertSink]?
    public var policy: Policy?

    public init() {}

    public static let noun = "the spec document"
    public static let summary = "An sfreconcile redundancy spec (format v1)."
    public static let fields: [SpecField<SpecDocument>] = [
        .required("apiVersion", \.apiVersion, "Format version; must be sfreconcile/v1."),
        .optional("objectives", \.objectives, "Default RTO/RPO objectives per failure scenario."),
        .optional("sites", \.sites, "Places where systems run."),
        .optional("providers", \.providers, "How to reach each external system."),
        .optional("instances", \.instances, "The STARFACE PBXs to keep redundant."),
        .optional("alerts", \.alerts, "Where alerts go."),
        .optional("policy", \.policy, "What the controller may do by itself, and when."),
    ]

    /// The JSON Schema of a spec file, for editors (`sfreconcile schema`).
    public static var documentSchema: JSONValue {
        guard case .object(var pairs) = schema else { return schema }
        pairs.insert(("$schema", .string("http://json-schema.org/draft-07/schema#")), at: 0)
        pairs.insert(("$id", .string("https://sfreconcile.dev/schema/v1.json")), at: 1)
        pairs.insert(("title", .string("sfreconcile redundancy spec v1")), at: 2)
        if let index = pairs.firstIndex(where: { $0.0 == "properties" }),
           case .object(var properties) = pairs[index].1,
           let version = properties.firstIndex(where: { $0.0 == "apiVersion" }) {
            properties[version].1 = .object([
                ("description", .string("Format version; must be sfreconcile/v1.")),
                ("const", .string(currentAPIVersion)),
            ])
            pairs[index].1 = .object(properties)
        }
        return .object(pairs)
    }
}
