import Foundation
import Spec

/// A place where STARFACE backups land (an S3 bucket, an SFTP or WebDAV folder, a mounted
/// directory), answering one question: which files are under this prefix, with their time
/// and size.
///
/// A prefix is read as S3 reads it: everything up to its last `/` names a folder, the rest
/// is the start of the file names (`pbx-main/` is the folder `pbx-main`; `pbx-main/daily-`
/// the files in it starting with `daily-`). File names are given relative to that folder.
public protocol BackupTarget: Sendable {
    /// The provider type, as in the spec.
    var kind: ProviderSettings.Kind { get }
    /// Insecure settings an admin should know about.
    var warnings: [String] { get }
    /// Where `prefix` points, for messages and the observed estate; never holds credentials.
    func location(of prefix: String) -> String
    /// The files under `prefix` (any name; the provider keeps the `.sar` files), or nil when
    /// the folder or bucket itself does not exist.
    func list(prefix: String) async throws(ProviderError) -> [BackupFile]?
}

/// Tuning shared by the backup targets that the spec does not expose.
public struct BackupTargetOptions: Sendable {
    /// Retries of transient failures.
    public var retry: RetryPolicy
    /// Prefixes of one target listed at once.
    public var maxConcurrentListings: Int
    /// `max-keys` of one S3 ListObjectsV2 page (S3 returns at most 1000).
    public var s3PageSize: Int
    /// Pages of one S3 listing before giving up (a safety net against a server that never
    /// stops saying "truncated").
    public var s3MaxPages: Int
    /// Largest answer (one S3 page, one PROPFIND) accepted.
    public var maxResponseBytes: Int
    /// Where secrets (`${env:…}`) and proxy variables are read.
    public var environment: [String: String]

    public init(retry: RetryPolicy = .standard, maxConcurrentListings: Int = 4, s3PageSize: Int = 1000, s3MaxPages: Int = 10_000,
                maxResponseBytes: Int = 32 << 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.retry = retry
        self.maxConcurrentListings = max(1, maxConcurrentListings)
        self.s3PageSize = min(1000, max(1, s3PageSize))
        self.s3MaxPages = max(1, s3MaxPages)
        self.maxResponseBytes = maxResponseBytes
        self.environment = environment
    }
}

/// A prefix split into the folder it names and the start of the file names.
struct BackupPrefix: Sendable, Hashable {
    /// The folder, without leading or trailing `/` (empty for the target's root).
    var folder: String
    /// What file names start with (often empty).
    var namePrefix: String

    init(_ prefix: String) {
        var text = Substring(prefix)
        while text.hasPrefix("/") { text = text.dropFirst() }
        if let slash = text.lastIndex(of: "/") {
            folder = String(text[..<slash]).split(separator: "/").joined(separator: "/")
            namePrefix = String(text[text.index(after: slash)...])
        } else {
            folder = ""
            namePrefix = String(text)
        }
    }

    /// `base` joined with the folder.
    func path(under base: String) -> String {
        guard !folder.isEmpty else { return base }
        return (base.hasSuffix("/") ? base : base + "/") + folder
    }
}

extension BackupFile {
    /// True for STARFACE backup archives (`.sar`, any case).
    var isStarfaceBackup: Bool { name.lowercased().hasSuffix(".sar") }
}
