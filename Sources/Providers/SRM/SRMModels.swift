import Foundation

/// The parts of the SRM REST API gateway's models the provider reads. Optional wherever the
/// provider can do without, so answers of other gateway versions still decode.
enum SRMModels {
    /// A list answer: `{"list": […], "_meta": {"total": n}}`.
    struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
        var list: [Item]
        var meta: Meta?

        enum CodingKeys: String, CodingKey { case list, meta = "_meta" }
    }

    struct Meta: Decodable, Sendable {
        var total: Int?
    }

    struct Session: Decodable {
        var sessionID: String?
        enum CodingKeys: String, CodingKey { case sessionID = "session_id" }
    }

    /// `GET /pairings`.
    struct Pairing: Decodable, Sendable {
        var pairingID: String
        var remoteSite: String?
        enum CodingKeys: String, CodingKey { case pairingID = "pairing_id", remoteSite = "remote_site_name" }
    }

    /// `GET /pairings/{p}/protection-management/groups`.
    struct Group: Decodable, Sendable {
        var id: String
        var name: String
        var replicationType: String?
        var protectionState: String?
        enum CodingKeys: String, CodingKey {
            case id, name, replicationType = "replication_type", protectionState = "protection_state"
        }
    }

    /// `GET /pairings/{p}/protection-management/groups/{g}/vms`.
    struct ProtectedVM: Decodable, Sendable {
        var id: String
        var name: String
        var protectionStatus: String?
        var rpoMinutes: Int?
        var lastSyncTime: String?
        var replicaVMName: String?
        enum CodingKeys: String, CodingKey {
            case id, name, protectionStatus = "protection_status", rpoMinutes = "rpo_minutes", lastSyncTime = "last_sync_time"
            case replicaVMName = "placeholder_vm_name"
        }
    }

    /// `GET /pairings/{p}/recovery-management/plans`.
    struct Plan: Decodable, Sendable {
        var id: String
        var name: String
        var status: String?
        var protectionGroups: [String]?
        enum CodingKeys: String, CodingKey { case id, name, status, protectionGroups = "protection_groups" }
    }

    /// `GET …/plans/{plan}/vms/{vm}/recovery-settings` (VmRecoverySettingsState).
    struct RecoverySettingsState: Decodable {
        var recoverySettings: RecoverySettings?
        enum CodingKeys: String, CodingKey { case recoverySettings = "recovery_settings" }
    }

    struct RecoverySettings: Decodable {
        var ipCustomizationType: String?
        var nicSettings: [NICSettings]?
        enum CodingKeys: String, CodingKey { case ipCustomizationType = "ip_customization_type", nicSettings = "nic_settings" }
    }

    struct NICSettings: Decodable {
        var primaryIPSettings: IPSettings?
        enum CodingKeys: String, CodingKey { case primaryIPSettings = "primary_ip_settings" }
    }

    struct IPSettings: Decodable {
        var ipV4: IPv4?
        enum CodingKeys: String, CodingKey { case ipV4 = "ip_v4" }
    }

    struct IPv4: Decodable {
        var ipAddress: String?
        enum CodingKeys: String, CodingKey { case ipAddress = "ip_address" }
    }

    /// True when failover changes the VM's addresses: an IP customisation type other than
    /// none, or NIC settings with an address of their own.
    static func changesIP(_ settings: RecoverySettings) -> Bool {
        let type = (settings.ipCustomizationType ?? "").uppercased()
        if !type.isEmpty, !["NONE", "NO_CUSTOMIZATION", "DISABLED"].contains(type) { return true }
        return (settings.nicSettings ?? []).contains { ($0.primaryIPSettings?.ipV4?.ipAddress ?? "").isEmpty == false }
    }
}
