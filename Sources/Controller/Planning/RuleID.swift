/// The stable identifiers of the rules in DOMAIN.md. They appear in findings, actions,
/// alerts, documentation and tests, so their raw values never change.
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case ver1 = "VER-1", ver2 = "VER-2", ver3 = "VER-3"
    case bak1 = "BAK-1", bak2 = "BAK-2", bak3 = "BAK-3"
    case vmb1 = "VMB-1", vmb2 = "VMB-2"
    case snp1 = "SNP-1", snp2 = "SNP-2"
    case hwid1 = "HWID-1"
    case loc1 = "LOC-1", loc2 = "LOC-2"
    case geo1 = "GEO-1", geo2 = "GEO-2", geo3 = "GEO-3"
    case plt1 = "PLT-1"
    case obj1 = "OBJ-1"
    case inf1 = "INF-1"

    /// What the rule asks for, in a few words.
    public var title: String {
        switch self {
        case .ver1: return "redundancy systems run the live system's STARFACE version"
        case .ver2: return "the newest backup imports on every system meant to import it"
        case .ver3: return "never downgrade; never update the live system while a redundancy system cannot follow"
        case .bak1: return "the newest STARFACE backup is younger than the platform RPO"
        case .bak2: return "STARFACE backups land off-site"
        case .bak3: return "a STARFACE backup schedule at least as frequent as the RPO"
        case .vmb1: return "the live VM is in a VM backup job that ran recently"
        case .vmb2: return "the VM backup job is reverse-incremental"
        case .snp1: return "no snapshot older than the maximum age"
        case .snp2: return "a snapshot before every change to a STARFACE VM, removed after success"
        case .hwid1: return "replica and standby VMs keep the licence hardware ID"
        case .loc1: return "Fault Tolerance on, secondary running"
        case .loc2: return "a highly available clustered role"
        case .geo1: return "a healthy replica at every geo site"
        case .geo2: return "replication RPO and lag within the spec"
        case .geo3: return "replicas start with identical IP configuration"
        case .plt1: return "platform standbys exist, answer and hold a server licence"
        case .obj1: return "every failure scenario meets its objectives, as observed"
        case .inf1: return "infrastructure advice"
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
