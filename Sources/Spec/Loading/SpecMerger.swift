/// Merges spec documents: named sections (sites, providers, instances) by name,
/// `alerts` by concatenation, and the singletons `objectives` and `policy` from the one
/// document that sets them. Defining anything twice is an error naming both places.
struct SpecMerger {
    private(set) var spec = Spec()
    private(set) var sourceMap = SourceMap()
    private(set) var diagnostics: [Diagnostic] = []
    private var singletonLocations: [String: SourceLocation] = [:]

    /// Where a document's singleton sections (`objectives`, `policy`) were written.
    struct KeyLocations: Sendable {
        var objectives: SourceLocation
        var policy: SourceLocation

        init(_ root: YAMLNode) {
            let location = root.location
            objectives = root.mapping?.first { $0.key.isScalar("objectives") }?.key.location ?? location
            policy = root.mapping?.first { $0.key.isScalar("policy") }?.key.location ?? location
        }
    }

    mutating func add(_ document: SpecDocument, keyLocations: KeyLocations, sourceMap documentMap: SourceMap) {
        var documentMap = documentMap
        if let alerts = document.alerts {
            // Lists from several files are numbered on: the second file's alerts[0] is alerts[n].
            let offset = spec.alerts.count
            if offset > 0 {
                for index in stride(from: alerts.count - 1, through: 0, by: -1) {
                    documentMap = documentMap.rebasing("alerts[\(index)]", to: "alerts[\(index + offset)]")
                }
            }
            spec.alerts += alerts
        }
        Self.merge(document.sites, into: &spec.sites, section: "sites", noun: "site", diagnostics: &diagnostics)
        Self.merge(document.providers, into: &spec.providers, section: "providers", noun: "provider", diagnostics: &diagnostics)
        Self.merge(document.instances, into: &spec.instances, section: "instances", noun: "instance", diagnostics: &diagnostics)
        if let objectives = document.objectives, claim("objectives", at: keyLocations.objectives) {
            spec.objectives = objectives
        }
        if let policy = document.policy, claim("policy", at: keyLocations.policy) {
            spec.policy = policy
        }
        sourceMap.merge(documentMap)
    }

    private static func merge<Value>(
        _ section: NamedMap<Value>?, into merged: inout NamedMap<Value>, section name: String, noun: String,
        diagnostics: inout [Diagnostic]
    ) {
        guard let section else { return }
        // The first document naming a section gives it whole (no re-insertion entry by entry).
        guard !merged.isEmpty else {
            merged = section
            return
        }
        for entry in section.entries {
            if let first = merged.insert(entry) {
                diagnostics.append(Diagnostic(
                    .error, .duplicateDefinition, at: entry.location, path: "\(name).\(entry.name)",
                    "\(noun) \"\(entry.name)\" is defined twice",
                    hint: "it is first defined at \(first.location); keep one definition or rename one",
                    related: first.location))
            }
        }
    }

    /// True when `key` was not set by an earlier document; reports the duplicate otherwise.
    private mutating func claim(_ key: String, at location: SourceLocation) -> Bool {
        if let first = singletonLocations[key] {
            diagnostics.append(Diagnostic(
                .error, .duplicateDefinition, at: location, path: key, "\"\(key)\" is set in more than one document",
                hint: "it is first set at \(first); set it in one file only", related: first))
            return false
        }
        singletonLocations[key] = location
        return true
    }
}
