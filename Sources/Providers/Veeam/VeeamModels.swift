import Foundation

/// The parts of Veeam Backup & Replication's REST models (API 1.0-rev1 … 1.3) the provider
/// reads. Every field is optional unless the provider cannot work without it, so answers
/// of other API revisions still decode.
enum VeeamModels {
    /// `POST /api/oauth2/token`.
    struct Token: Decodable {
        var accessToken: String
        var refreshToken: String?
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", refreshToken = "refresh_token", expiresIn = "expires_in"
        }
    }

    /// A page of a list: `{"data": […], "pagination": {"total", "count", "skip", "limit"}}`.
    struct Page<Item: Decodable>: Decodable {
        var data: [Item]
        var pagination: Pagination?
    }

    struct Pagination: Decodable {
        var total: Int?
        var count: Int?
        var skip: Int?
        var limit: Int?
    }

    /// `GET /api/v1/jobs`.
    struct Job: Decodable {
        var id: String
        var name: String
        var type: String?
        var isDisabled: Bool?
        var virtualMachines: VirtualMachines?
        var storage: Storage?
        var schedule: Schedule?
    }

    struct VirtualMachines: Decodable {
        var includes: [IncludedObject]?
    }

    /// An object a job covers; VBR writes the inventory object's fields directly, some
    /// revisions nest them under `inventoryObject`.
    struct IncludedObject: Decodable {
        var name: String?
        var type: String?
        var inventoryObject: InventoryObject?

        var displayName: String? { name ?? inventoryObject?.name }
    }

    struct InventoryObject: Decodable {
        var name: String?
        var type: String?
    }

    struct Storage: Decodable {
        var advancedSettings: AdvancedSettings?
    }

    struct AdvancedSettings: Decodable {
        var backupModeType: String?
        var syntheticFulls: Toggle?
        var activeFulls: Toggle?

        enum CodingKeys: String, CodingKey {
            case backupModeType, syntheticFulls, synthenticFulls, activeFulls
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            backupModeType = try c.decodeIfPresent(String.self, forKey: .backupModeType)
            // Early API revisions spell it "synthenticFulls".
            syntheticFulls = try c.decodeIfPresent(Toggle.self, forKey: .syntheticFulls)
                ?? c.decodeIfPresent(Toggle.self, forKey: .synthenticFulls)
            activeFulls = try c.decodeIfPresent(Toggle.self, forKey: .activeFulls)
        }
    }

    struct Toggle: Decodable {
        var isEnabled: Bool?
    }

    struct Schedule: Decodable {
        var runAutomatically: Bool?
        var daily: Daily?
        var monthly: Toggle?
        var periodically: Periodically?
        var continuously: Toggle?
    }

    struct Daily: Decodable {
        var isEnabled: Bool?
        var dailyKind: String?
        var days: [String]?
    }

    struct Periodically: Decodable {
        var isEnabled: Bool?
        var periodicallyKind: String?
        var frequency: Int?
    }

    /// `GET /api/v1/jobs/states`.
    struct JobState: Decodable {
        var id: String
        var name: String?
        var status: String?
        var lastRun: String?
        var lastResult: String?
        var nextRun: String?
    }

    /// `GET /api/v1/sessions`, and the answer of `POST /api/v1/jobs/{id}/start`.
    struct Session: Decodable {
        var id: String?
        var jobId: String?
        var state: String?
        var creationTime: String?
        var endTime: String?
        var result: SessionResult?
    }

    struct SessionResult: Decodable {
        var result: String?
        var message: String?
    }
}
