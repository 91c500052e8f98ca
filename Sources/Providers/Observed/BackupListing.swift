import Foundation

/// The STARFACE backup files (.sar) found under one prefix of a backup target (BAK-1,
/// BAK-2, VER-2). Filled by the backup-target providers (a later version).
public struct BackupListing: Sendable, Hashable, Codable {
    /// Where the files were listed, e.g. `s3://starface-backups/pbx/` (no credentials).
    public var location: String
    /// Every backup file found, in no particular order.
    public var files: [BackupFile]

    public init(location: String, files: [BackupFile]) {
        self.location = location
        self.files = files
    }

    /// The most recently modified file.
    public var newest: BackupFile? { files.max { $0.modified < $1.modified } }
}

/// One backup file on a target.
public struct BackupFile: Sendable, Hashable, Codable {
    /// Name relative to the listed prefix.
    public var name: String
    /// Last-modified time reported by the target.
    public var modified: Date
    /// Size in bytes.
    public var size: Int

    public init(name: String, modified: Date, size: Int) {
        self.name = name
        self.modified = modified
        self.size = size
    }
}
