import Providers

/// The few lines `observe` prints on standard error beside the JSON: counts, providers
/// that are down, and warnings. A pure function of the estate.
public enum ObservationSummaryRenderer {
    public static func render(_ estate: ObservedEstate) -> String {
        var present = 0, absent = 0, unknown = 0
        for observation in estate.resources.values {
            switch observation {
            case .present: present += 1
            case .absent: absent += 1
            case .unknown: unknown += 1
            }
        }
        var out = "observed \(estate.resources.count) resource\(estate.resources.count == 1 ? "" : "s"): "
            + "\(present) present, \(absent) absent, \(unknown) unknown\n"
        for (name, status) in estate.providers.sorted(by: { $0.key < $1.key }) {
            switch status.state {
            case .up:
                out += "  \(name) (\(status.type.rawValue)): up, \(status.resources) asked, \(status.unknown) unknown, \(status.durationMS) ms\n"
            case .unsupported:
                out += "  \(name) (\(status.type.rawValue)): unsupported, \(status.resources) unknown"
                if let error = status.error { out += " (\(error.message))" }
                out += "\n"
            case .down:
                out += "  \(name) (\(status.type.rawValue)): down, \(status.resources) unknown"
                if let error = status.error { out += ": \(error.kind.rawValue): \(error.message)\n    advice: \(error.advice)" }
                out += "\n"
            }
            for warning in status.warnings { out += "  warning: \(name): \(warning)\n" }
        }
        return out
    }
}
