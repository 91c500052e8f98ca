/// How to reach one external system. The `type` key picks the kind; each kind has
/// its own settings.
public enum ProviderSettings: TaggedSpecValue, Hashable {
    /// The kinds of provider, as written in `type:`.
    public enum Kind: String, SpecEnum, Codable {
        case vsphere, hyperv, srm, starface, veeam, s3, sftp, webdav, directory, exec
    }

    case vsphere(VSphereSettings)
    case hyperv(HyperVSettings)
    case srm(SRMSettings)
    case starface(StarfaceSettings)
    case veeam(VeeamSettings)
    case s3(S3Settings)
    case sftp(SFTPSettings)
    case webdav(WebDAVSettings)
    case directory(DirectorySettings)
    case exec(ExecSettings)

    public var kind: Kind {
        switch self {
        case .vsphere: return .vsphere
        case .hyperv: return .hyperv
        case .srm: return .srm
        case .starface: return .starface
        case .veeam: return .veeam
        case .s3: return .s3
        case .sftp: return .sftp
        case .webdav: return .webdav
        case .directory: return .directory
        case .exec: return .exec
        }
    }

    /// The site the provider's system sits at, where declared.
    public var site: String? {
        switch self {
        case .vsphere(let s): return s.site
        case .hyperv(let s): return s.site
        case .srm(let s): return s.site
        case .starface(let s): return s.site
        case .veeam(let s): return s.site
        case .s3(let s): return s.site
        case .sftp(let s): return s.site
        case .webdav(let s): return s.site
        case .directory(let s): return s.site
        case .exec(let s): return s.site
        }
    }

    /// Where the provider's system is, as the redundancy rules need it: its site and
    /// whether it is declared off-site (read from the map with `NamedMap.withValue`, the
    /// settings are not copied for it).
    public var placement: ProviderPlacement { ProviderPlacement(site: site, isDeclaredOffsite: isDeclaredOffsite) }

    /// For backup targets: whether the target is declared off-site whatever its site.
    public var isDeclaredOffsite: Bool {
        switch self {
        case .s3(let s): return s.offsite
        case .sftp(let s): return s.offsite
        case .webdav(let s): return s.offsite
        case .directory(let s): return s.offsite
        default: return false
        }
    }

    public static let summary = "How to reach one external system; `type` decides the other keys."

    public static func decode(_ kind: Kind, from node: YAMLNode, in context: DecodeContext) -> ProviderSettings? {
        switch kind {
        case .vsphere: return decodeVariant(VSphereSettings.self, from: node, in: context).map(Self.vsphere)
        case .hyperv: return decodeVariant(HyperVSettings.self, from: node, in: context).map(Self.hyperv)
        case .srm: return decodeVariant(SRMSettings.self, from: node, in: context).map(Self.srm)
        case .starface: return decodeVariant(StarfaceSettings.self, from: node, in: context).map(Self.starface)
        case .veeam: return decodeVariant(VeeamSettings.self, from: node, in: context).map(Self.veeam)
        case .s3: return decodeVariant(S3Settings.self, from: node, in: context).map(Self.s3)
        case .sftp: return decodeVariant(SFTPSettings.self, from: node, in: context).map(Self.sftp)
        case .webdav: return decodeVariant(WebDAVSettings.self, from: node, in: context).map(Self.webdav)
        case .directory: return decodeVariant(DirectorySettings.self, from: node, in: context).map(Self.directory)
        case .exec: return decodeVariant(ExecSettings.self, from: node, in: context).map(Self.exec)
        }
    }

    public static func variantSchema(_ kind: Kind) -> JSONValue {
        switch kind {
        case .vsphere: return objectVariantSchema(VSphereSettings.self, kind: kind)
        case .hyperv: return objectVariantSchema(HyperVSettings.self, kind: kind)
        case .srm: return objectVariantSchema(SRMSettings.self, kind: kind)
        case .starface: return objectVariantSchema(StarfaceSettings.self, kind: kind)
        case .veeam: return objectVariantSchema(VeeamSettings.self, kind: kind)
        case .s3: return objectVariantSchema(S3Settings.self, kind: kind)
        case .sftp: return objectVariantSchema(SFTPSettings.self, kind: kind)
        case .webdav: return objectVariantSchema(WebDAVSettings.self, kind: kind)
        case .directory: return objectVariantSchema(DirectorySettings.self, kind: kind)
        case .exec: return objectVariantSchema(ExecSettings.self, kind: kind)
        }
    }

    public var settings: any SpecObject {
        switch self {
        case .vsphere(let s): return s
        case .hyperv(let s): return s
        case .srm(let s): return s
        case .starface(let s): return s
        case .veeam(let s): return s
        case .s3(let s): return s
        case .sftp(let s): return s
        case .webdav(let s): return s
        case .directory(let s): return s
        case .exec(let s): return s
        }
    }
}

/// Where a provider's system is: its declared site and whether it is off-site.
public struct ProviderPlacement: Sendable, Hashable {
    public var site: String?
    /// True for a backup target declared `offsite: true`, whatever its site.
    public var isDeclaredOffsite: Bool
}

extension ProviderSettings.Kind {
    /// Kinds that run VMs (`live.vm.provider`).
    public static let hypervisors: Set<Self> = [.vsphere, .hyperv]
    /// Kinds that hold STARFACE backups (`backups.starface.target`, `restoreFrom`).
    public static let backupTargets: Set<Self> = [.s3, .sftp, .webdav, .directory]
    /// Kinds that replicate VMs to another site (`geo[].via.provider`).
    public static let replicators: Set<Self> = [.srm, .hyperv]
    /// Kinds that run VM backup jobs (`backups.vm.provider`).
    public static let vmBackup: Set<Self> = [.veeam]
    /// Kinds that answer for a STARFACE system (`starface`).
    public static let starfaceSystems: Set<Self> = [.starface]
}
