import Foundation
import Spec

/// How a VM backup job writes its chain (VMB-2).
public struct BackupJobMode: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let reverseIncremental = BackupJobMode(rawValue: "reverseIncremental")
    public static let forwardIncremental = BackupJobMode(rawValue: "forwardIncremental")
    public static let foreverForwardIncremental = BackupJobMode(rawValue: "foreverForwardIncremental")
}

/// The outcome of a backup job's last run.
public struct BackupJobResult: OpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let success = BackupJobResult(rawValue: "success")
    public static let warning = BackupJobResult(rawValue: "warning")
    public static let failed = BackupJobResult(rawValue: "failed")
    public static let none = BackupJobResult(rawValue: "none")
}

/// A VM backup job (VMB-1, VMB-2). Filled by the Veeam provider (a later version).
public struct BackupJobState: Sendable, Hashable, Codable {
    public var name: String
    /// The backup system's id of the job.
    public var id: String?
    public var mode: BackupJobMode?
    public var enabled: Bool?
    /// Start of the last run, and how it ended.
    public var lastRun: Date?
    public var lastResult: BackupJobResult?
    /// End of the last successful run.
    public var lastSuccess: Date?
    public var nextRun: Date?
    /// Scheduled time between runs.
    public var interval: TimeSpan?
    /// Names of the VMs the job covers.
    public var vms: [String]

    public init(name: String) {
        self.name = name
        self.vms = []
    }

    enum CodingKeys: String, CodingKey {
        case name, id, mode, enabled, lastRun = "last_run", lastResult = "last_result", lastSuccess = "last_success"
        case nextRun = "next_run", interval = "interval_seconds", vms
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        mode = try c.decodeIfPresent(BackupJobMode.self, forKey: .mode)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        lastRun = try c.decodeIfPresent(Date.self, forKey: .lastRun)
        lastResult = try c.decodeIfPresent(BackupJobResult.self, forKey: .lastResult)
        lastSuccess = try c.decodeIfPresent(Date.self, forKey: .lastSuccess)
        nextRun = try c.decodeIfPresent(Date.self, forKey: .nextRun)
        interval = try c.decodeSeconds(forKey: .interval)
        vms = try c.decodeIfPresent([String].self, forKey: .vms) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        try c.encodeIfPresent(lastRun, forKey: .lastRun)
        try c.encodeIfPresent(lastResult, forKey: .lastResult)
        try c.encodeIfPresent(lastSuccess, forKey: .lastSuccess)
        try c.encodeIfPresent(nextRun, forKey: .nextRun)
        try c.encodeSeconds(interval, forKey: .interval)
        try c.encode(vms, forKey: .vms)
    }
}
