import Foundation
import Spec

/// Builds the provider for each entry of a spec's `providers:`. Building does no I/O and
/// reads no secret: providers resolve their secrets when they first log in.
public struct ProviderFactory: Sendable {
    /// Where secrets and proxy variables are read.
    public var environment: [String: String]
    /// Tuning of vSphere providers (their `environment` is replaced by the factory's).
    public var vsphere: VSphereOptions
    /// Tuning of STARFACE, backup-target and Veeam providers (their `environment` is
    /// replaced by the factory's).
    public var starface = StarfaceOptions()
    public var backupTargets = BackupTargetOptions()
    public var veeam = VeeamOptions()
    public var hyperv = HyperVOptions()
    public var srm = SRMOptions()
    public var exec = ExecOptions()
    /// The platform of each STARFACE provider, as the spec's instances declare it
    /// (`StarfacePlatforms.derive`); `ProviderRegistry(spec:)` fills it in.
    public var starfacePlatforms: [String: Platform] = [:]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, vsphere: VSphereOptions = VSphereOptions()) {
        self.environment = environment
        self.vsphere = vsphere
    }

    /// The provider for `settings`.
    public func make(name: String, settings: ProviderSettings) -> any Provider {
        switch settings {
        case .vsphere(let vsphereSettings):
            var options = vsphere
            options.environment = environment
            return VSphereProvider(name: name, settings: vsphereSettings, options: options)
        case .starface(let starfaceSettings):
            var options = starface
            options.environment = environment
            return StarfaceProvider(name: name, settings: starfaceSettings, platform: starfacePlatforms[name], options: options)
        case .veeam(let veeamSettings):
            var options = veeam
            options.environment = environment
            return VeeamProvider(name: name, settings: veeamSettings, options: options)
        case .s3(let targetSettings):
            return BackupTargetProvider(name: name, target: S3Target(provider: name, settings: targetSettings, options: targetOptions),
                                        options: targetOptions)
        case .sftp(let targetSettings):
            return BackupTargetProvider(name: name, target: SFTPTarget(provider: name, settings: targetSettings, options: targetOptions),
                                        options: targetOptions)
        case .webdav(let targetSettings):
            return BackupTargetProvider(name: name, target: WebDAVTarget(provider: name, settings: targetSettings, options: targetOptions),
                                        options: targetOptions)
        case .directory(let targetSettings):
            return BackupTargetProvider(name: name, target: DirectoryTarget(provider: name, settings: targetSettings, options: targetOptions),
                                        options: targetOptions)
        case .hyperv(let hypervSettings):
            var options = hyperv
            options.environment = environment
            return HyperVProvider(name: name, settings: hypervSettings, options: options)
        case .srm(let srmSettings):
            var options = srm
            options.environment = environment
            return SRMProvider(name: name, settings: srmSettings, options: options)
        case .exec(let execSettings):
            var options = exec
            options.environment = environment
            return ExecProvider(name: name, settings: execSettings, options: options)
        }
    }
}

extension ProviderFactory {
    /// The backup-target options with the factory's environment.
    var targetOptions: BackupTargetOptions {
        var options = backupTargets
        options.environment = environment
        return options
    }
}

/// The providers of one spec, by name.
public struct ProviderRegistry: Sendable {
    public let providers: [String: any Provider]

    /// Builds every provider the spec defines.
    public init(spec: Spec, factory: ProviderFactory = ProviderFactory()) {
        var factory = factory
        factory.starfacePlatforms.merge(StarfacePlatforms.derive(from: spec)) { given, _ in given }
        var providers: [String: any Provider] = [:]
        for entry in spec.providers.entries {
            providers[entry.name] = factory.make(name: entry.name, settings: entry.value)
        }
        self.providers = providers
    }

    /// A registry of ready-made providers (tests, other front ends).
    public init(_ providers: [any Provider]) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(name: String) -> (any Provider)? { providers[name] }
}
