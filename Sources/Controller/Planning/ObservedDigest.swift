import Foundation
import Providers

/// The digest a plan carries of what it was computed from: SHA-256 over the canonical JSON
/// of the estate's `resources` (compact, keys sorted, times as ISO 8601 UTC seconds),
/// written `sha256:<hex>`. `observed_at`, provider timings and warnings are left out, so
/// two observations of an unchanged estate digest alike; an apply re-observes and refuses
/// the plan when the digest differs.
public enum ObservedDigest {
    public static func of(_ estate: ObservedEstate) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        let data = try encoder.encode(Canonical(resources: estate.resources))
        return "sha256:" + SHA256.hex(data)
    }

    private struct Canonical: Encodable {
        var resources: [ResourceRef: Observation]
    }
}
