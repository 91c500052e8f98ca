import Foundation
import Providers

/// Reads an observed-estate document resource by resource: each resource is parsed,
/// decoded (by `ObservationReader`, or the models' own `Codable` through `TreeDecoder`
/// for what that does not read) and written into the
/// digest's canonical form, then its parse tree is dropped. An estate of fifty thousand
/// instances is tens of megabytes of JSON; its whole tree would be ten times that.
///
/// Reads what `ObservedEstate.init(from:)` reads, the same way; anything it does not
/// expect (another top-level key, a version it cannot read) makes it throw, and the caller
/// reads the document again with Foundation, which says what is wrong.
enum EstateReader {
    struct Unexpected: Error {}

    private static let topLevelKeys: Set<String> = ["format_version", "observed_at", "revision", "generator", "providers", "resources"]

    static func read(_ data: Data) throws -> (estate: ObservedEstate, digest: String) {
        var resources: [ResourceRef: Observation] = [:]
        var canonical: [(key: String, bytes: [UInt8])] = []
        let top = try JSONParser.parse(data, streaming: "resources") { key, node in
            guard let ref = ResourceRef(parsing: key) else { throw Unexpected() }
            // The direct reader covers what observe writes; anything else goes the Codable way.
            let observation = try (try? ObservationReader.observation(node)) ?? TreeDecoder(node: node).decodeValue(Observation.self)
            let replaced = resources.updateValue(observation, forKey: ref) != nil
            var bytes: [UInt8] = []
            CanonicalJSON.write(node, to: &bytes, droppingNulls: true)
            if replaced, let earlier = canonical.firstIndex(where: { $0.key == key }) {
                canonical[earlier].bytes = bytes   // a key given twice: the last one counts, as when decoding
            } else {
                canonical.append((key, bytes))
            }
        }
        guard top.keys.allSatisfy(topLevelKeys.contains) else { throw Unexpected() }
        guard case .string(let version)? = top["format_version"],
              version.split(separator: ".").first == ObservedEstate.currentFormatVersion.split(separator: ".").first,
              let observedAtNode = top["observed_at"] else { throw Unexpected() }
        let observedAt = try TreeDecoder(node: observedAtNode).decodeValue(Date.self)
        func optionalString(_ key: String) throws -> String? {
            switch top[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw Unexpected()
            }
        }
        var providers: [String: ProviderStatus] = [:]
        if let node = top["providers"], !(node.isNull) {
            providers = try TreeDecoder(node: node).decodeValue([String: ProviderStatus].self)
        }
        if case .string? = top["resources"] { throw Unexpected() }
        var estate = ObservedEstate(observedAt: observedAt, revision: try optionalString("revision"),
                                    generator: try optionalString("generator"), providers: providers, resources: resources)
        estate.formatVersion = version

        // The digest: {"resources":{…}} with keys in order, as CanonicalJSON writes objects.
        canonical.sort { $0.key < $1.key || ($0.key == $1.key && $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)) }
        var hasher = SHA256()
        hasher.update(Array(#"{"resources":{"#.utf8))
        var pending: [UInt8] = []
        for (index, entry) in canonical.enumerated() {
            pending.removeAll(keepingCapacity: true)
            if index > 0 { pending.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(entry.key, to: &pending)
            pending.append(UInt8(ascii: ":"))
            pending += entry.bytes
            hasher.update(pending)
        }
        hasher.update(Array("}}".utf8))
        return (estate, "sha256:" + hasher.finalizeHex())
    }
}

extension JSONNode {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
