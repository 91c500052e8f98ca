import Crypto
import Foundation
import Providers

/// The digest a plan carries of what it was computed from: SHA-256 over the canonical JSON
/// of the estate's `resources` (`{"resources":{…}}`: compact, keys sorted by their UTF-8
/// bytes, times as ISO 8601 UTC seconds, strings escaped as JSONEncoder escapes them),
/// written `sha256:<hex>`. `observed_at`, provider timings and warnings are left out, so
/// two observations of an unchanged estate digest alike; an apply re-observes and refuses
/// the plan when the digest differs.
public enum ObservedDigest {
    public static func of(_ estate: ObservedEstate) throws -> String {
        "sha256:" + EstateReader.hex(Crypto.SHA256.hash(data: try canonicalJSON(estate)))
    }

    /// The bytes the digest is taken of.
    public static func canonicalJSON(_ estate: ObservedEstate) throws -> [UInt8] {
        try CanonicalEncoder.bytes(Canonical(resources: estate.resources))
    }

    /// The digest of an estate document as parsed, without decoding it again: the same
    /// canonical form, taken of the document's own `resources` (null members dropped, as
    /// the models leave nil values out). Equal to `of(_:)` for every document
    /// `ObservedJSON.encode` writes; a hand-written document may differ (a time written
    /// with an offset, a list left out), which only ever makes a plan look stale.
    static func of(document: JSONNode) -> String? {
        guard case .object(let root) = document else { return nil }
        let resources = root["resources"] ?? .object(JSONObject(keys: [], values: []))
        var out: [UInt8] = []
        CanonicalJSON.write(.object(JSONObject(keys: ["resources"], values: [resources])), to: &out, droppingNulls: true)
        return "sha256:" + EstateReader.hex(Crypto.SHA256.hash(data: out))
    }

    private struct Canonical: Encodable {
        var resources: [ResourceRef: Observation]
    }
}
