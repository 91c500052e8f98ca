import Foundation
import Spec

/// What a STARFACE PBX reports about itself (VER-1..3, BAK-3, PLT-1). Filled by the
/// STARFACE provider (a later version); defined now so rules and hand-written estates can
/// use it.
public struct StarfaceSystemState: Sendable, Hashable, Codable {
    /// The PBX answered and accepted the API login.
    public var reachable: Bool
    /// The installed STARFACE version (VER-1..3).
    public var version: StarfaceVersion?
    /// What it runs on.
    public var platform: Platform?
    /// Its licence, where it could be read (PLT-1).
    public var licence: StarfaceLicence?
    /// The backup schedule configured on the PBX (BAK-3).
    public var backupSchedule: StarfaceBackupSchedule?
    /// Fields that could not be read (field → why, e.g. `version` → "SSH login refused"); the
    /// fields they name are nil for that reason, not because the PBX has no such thing.
    public var unreadable: [String: String]?

    public init(reachable: Bool, version: StarfaceVersion? = nil, platform: Platform? = nil,
                licence: StarfaceLicence? = nil, backupSchedule: StarfaceBackupSchedule? = nil,
                unreadable: [String: String]? = nil) {
        self.reachable = reachable
        self.version = version
        self.platform = platform
        self.licence = licence
        self.backupSchedule = backupSchedule
        self.unreadable = unreadable
    }

    enum CodingKeys: String, CodingKey {
        case reachable, version, platform, licence, backupSchedule = "backup_schedule", unreadable
    }
}

/// A STARFACE server licence.
public struct StarfaceLicence: Sendable, Hashable, Codable {
    /// A valid server licence is installed.
    public var serverLicence: Bool?
    /// The platform the server licence is for.
    public var platform: Platform?
    /// The hardware ID the licence is bound to (CPU type and vCPU count).
    public var hardwareID: String?
    /// End of validity, if the licence expires.
    public var validUntil: Date?

    public init(serverLicence: Bool? = nil, platform: Platform? = nil, hardwareID: String? = nil, validUntil: Date? = nil) {
        self.serverLicence = serverLicence
        self.platform = platform
        self.hardwareID = hardwareID
        self.validUntil = validUntil
    }

    enum CodingKeys: String, CodingKey {
        case serverLicence = "server_licence", platform, hardwareID = "hardware_id", validUntil = "valid_until"
    }
}

/// The STARFACE backup schedule (Admin → Server → Backup).
public struct StarfaceBackupSchedule: Sendable, Hashable, Codable {
    /// Periodic backups are switched on.
    public var enabled: Bool
    /// Time between two backups; nil when manual only.
    public var interval: TimeSpan?

    public init(enabled: Bool, interval: TimeSpan? = nil) {
        self.enabled = enabled
        self.interval = interval
    }

    enum CodingKeys: String, CodingKey {
        case enabled, interval = "interval_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decode(Bool.self, forKey: .enabled)
        interval = try c.decodeSeconds(forKey: .interval)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(enabled, forKey: .enabled)
        try c.encodeSeconds(interval, forKey: .interval)
    }
}

extension KeyedDecodingContainer {
    /// A `TimeSpan` written as a whole number of seconds (keys end in `_seconds`).
    func decodeSeconds(forKey key: Key) throws -> TimeSpan? {
        guard let seconds = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard seconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "a duration cannot be negative")
        }
        return TimeSpan(seconds: seconds)
    }
}

extension KeyedEncodingContainer {
    /// Writes a `TimeSpan` as whole seconds, nothing when nil.
    mutating func encodeSeconds(_ span: TimeSpan?, forKey key: Key) throws {
        try encodeIfPresent(span?.seconds, forKey: key)
    }
}
