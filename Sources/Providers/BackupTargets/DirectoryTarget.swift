import Foundation
import Spec
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A directory on the controller host, usually an SMB or NFS share the admin mounted. Lists
/// on a thread of its own and gives up after the provider's timeout, so a hung mount makes
/// the listing unknown instead of stopping the controller.
public struct DirectoryTarget: BackupTarget {
    public let provider: String
    public let settings: DirectorySettings
    public let options: BackupTargetOptions

    /// Lists a folder, blocking: (folder, name prefix, provider) → files. Replaced by tests
    /// to stand in for a hung mount.
    let blockingList: @Sendable (String, String, String) -> Result<[BackupFile]?, ProviderError>

    public init(provider: String, settings: DirectorySettings, options: BackupTargetOptions = BackupTargetOptions()) {
        self.init(provider: provider, settings: settings, options: options, blockingList: Self.listBlocking)
    }

    init(provider: String, settings: DirectorySettings, options: BackupTargetOptions,
         blockingList: @escaping @Sendable (String, String, String) -> Result<[BackupFile]?, ProviderError>) {
        self.provider = provider
        self.settings = settings
        self.options = options
        self.blockingList = blockingList
    }

    public var kind: ProviderSettings.Kind { .directory }
    public var warnings: [String] { [] }

    public func location(of prefix: String) -> String {
        SFTPClient.join(settings.path, prefix)
    }

    public func list(prefix: String) async throws(ProviderError) -> [BackupFile]? {
        let parsed = BackupPrefix(prefix)
        let directory = parsed.path(under: settings.path)
        let namePrefix = parsed.namePrefix
        let provider = self.provider, blockingList = self.blockingList
        let timeout = Duration.seconds(max(1, settings.timeout.seconds))
        let resumed = OnceFlag()
        let result: Result<[BackupFile]?, ProviderError> = await withCheckedContinuation { continuation in
            let timer = Task {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return   // the listing finished first
                }
                if resumed.claim() {
                    continuation.resume(returning: .failure(ProviderError(
                        .timeout, "listing \(directory) took longer than \(timeout)",
                        advice: "the mount may hang (NFS server or SMB share unreachable); check it with ls on the controller host",
                        provider: provider)))
                }
            }
            let thread = Thread {
                let listing = blockingList(directory, namePrefix, provider)
                if resumed.claim() {
                    timer.cancel()
                    continuation.resume(returning: listing)
                }
            }
            thread.name = "sfreconcile-directory"
            thread.start()
        }
        return try result.get()
    }

    private static func listBlocking(_ directory: String, namePrefix: String, provider: String) -> Result<[BackupFile]?, ProviderError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return .success(nil) }
        guard isDirectory.boolValue else {
            return .failure(ProviderError(.configuration, "\(directory) is not a directory", advice: "check path and prefix", provider: provider))
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return .failure(ProviderError(.permission, "\(directory) cannot be listed (\((error as NSError).localizedDescription))",
                                          advice: "let the controller's user read the directory", provider: provider))
        }
        var files: [BackupFile] = []
        for name in names where name.hasPrefix(namePrefix) && name.lowercased().hasSuffix(".sar") {
            var info = stat()
            guard stat(SFTPClient.join(directory, name), &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                continue   // vanished meanwhile, or not a plain file
            }
            let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            files.append(BackupFile(name: name, modified: modified, size: Int(info.st_size)))
        }
        return .success(files)
    }
}

/// True for the first caller of `claim` only: decides which of two racing completions
/// resumes a continuation.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)

    func claim() -> Bool {
        !claimed.exchange(true, ordering: .acquiringAndReleasing)
    }
}
