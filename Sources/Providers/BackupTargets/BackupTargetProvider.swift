import Foundation
import Spec

/// The provider of every backup-target type: asks its `BackupTarget` for each prefix once,
/// keeps the STARFACE backups (`.sar` files), newest first, and reports them as a
/// `BackupListing` (BAK-1 reads the newest one's age, BAK-2 the target's declared site,
/// VER-2 the times).
///
/// `present` with the files (possibly none) when the folder or bucket exists, `absent` when
/// the target positively says it does not, `unknown` with the reason otherwise.
public struct BackupTargetProvider: Provider {
    public let name: String
    public let target: any BackupTarget
    public let options: BackupTargetOptions
    public var type: ProviderSettings.Kind { target.kind }
    public var capabilities: ProviderCapabilities { ProviderCapabilities(observes: [.backups]) }
    public var warnings: [String] { target.warnings }

    public init(name: String, target: any BackupTarget, options: BackupTargetOptions = BackupTargetOptions()) {
        self.name = name
        self.target = target
        self.options = options
    }

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var prefixes = Set<String>()
        for ref in refs {
            if ref.kind == .backups, ref.provider == name {
                prefixes.insert(ref.name)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "a backup target lists backups, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type", provider: name, resource: ref))
            }
        }
        let target = self.target, retry = options.retry, name = self.name
        let results = await prefixes.sorted().concurrentMap(limit: options.maxConcurrentListings) { prefix -> (String, Observation) in
            let ref = ResourceRef.backups(on: name, prefix: prefix)
            do throws(ProviderError) {
                let files = try await retry.run { () async throws(ProviderError) -> [BackupFile]? in try await target.list(prefix: prefix) }
                guard let files else { return (prefix, .absent) }
                return (prefix, .present(.backups(BackupListing(location: target.location(of: prefix), files: Self.backups(in: files)))))
            } catch {
                return (prefix, .unknown(error.attributed(provider: name, resource: ref)))
            }
        }
        for (prefix, observation) in results {
            observations[.backups(on: name, prefix: prefix)] = observation
        }
        return observations
    }

    /// The STARFACE backups among `files`, newest first (by name when equally new).
    static func backups(in files: [BackupFile]) -> [BackupFile] {
        files.filter(\.isStarfaceBackup).sorted { ($0.modified, $1.name) > ($1.modified, $0.name) }
    }

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        throw ProviderError(.unsupported, "a backup target cannot \(action)", provider: name, resource: action.target)
    }
}
