/// How urgent a finding or alert is; alert sinks filter on it.
public enum Severity: String, SpecEnum, Comparable, Codable {
    case info, warning, critical

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
