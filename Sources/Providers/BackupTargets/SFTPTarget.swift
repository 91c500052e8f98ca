import Foundation
import Spec

/// A folder on an SFTP server: one SSH login per listing, the names, then size and
/// modification time of each `.sar` file (one stat each, on the same connection). Needs
/// read and list rights on the folder.
public struct SFTPTarget: BackupTarget {
    public let provider: String
    public let settings: SFTPSettings
    public let options: BackupTargetOptions

    public init(provider: String, settings: SFTPSettings, options: BackupTargetOptions = BackupTargetOptions()) {
        self.provider = provider
        self.settings = settings
        self.options = options
    }

    public var kind: ProviderSettings.Kind { .sftp }

    public var warnings: [String] {
        settings.ssh.knownHostsFile == nil
            ? ["SSH host key of \(settings.ssh.host) is not verified (no knownHostsFile): anyone on the network path can impersonate "
                + "the server; set knownHostsFile to a file holding its key (ssh-keyscan -p \(settings.ssh.port) \(settings.ssh.host))"]
            : []
    }

    public func location(of prefix: String) -> String {
        let ssh = settings.ssh
        let host = ssh.host.contains(":") ? "[\(ssh.host)]" : ssh.host
        let path = SFTPClient.join(settings.path, prefix)
        return "sftp://\(ssh.user)@\(host):\(ssh.port)\(path.hasPrefix("/") ? "" : "/~/")\(path)"
    }

    public func list(prefix: String) async throws(ProviderError) -> [BackupFile]? {
        let configuration = try SFTPConfiguration(settings.ssh, timeout: settings.timeout, environment: options.environment,
                                                  provider: provider)
        let client = SFTPClient(configuration: configuration)
        let parsed = BackupPrefix(prefix)
        let namePrefix = parsed.namePrefix
        let entries: [SFTPFile]
        do throws(SFTPError) {
            entries = try await client.list(parsed.path(under: settings.path)) { name in
                name.hasPrefix(namePrefix) && name.lowercased().hasSuffix(".sar")
            }
        } catch {
            if error.kind == .notFound { return nil }
            throw ProviderError(error, server: configuration.description, provider: provider)
        }
        return entries.compactMap { entry in
            guard let modified = entry.modified, let size = entry.size else { return nil }
            return BackupFile(name: entry.name, modified: modified, size: size)
        }
    }
}
