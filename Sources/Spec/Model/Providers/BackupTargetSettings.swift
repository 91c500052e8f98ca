/// Settings every backup target has: where it is, and whether it is off-site.
public protocol BackupTargetSettings: ProviderCommonSettings {
    var offsite: Bool { get set }
}

extension SpecField where Root: BackupTargetSettings {
    /// `site` (required for targets: BAK-2 decides off-site by it), `offsite`, `timeout`.
    static var targetFields: [SpecField<Root>] {
        [
            .optional("site", \.site, "The site the target is at (BAK-2 compares it with the live site)."),
            .defaulted("offsite", \.offsite, false, "Declare the target off-site for every instance (e.g. a remote cloud bucket)."),
            .defaulted("timeout", \.timeout, .seconds(30), "Longest wait for one call to this target."),
        ]
    }
}

/// An S3-compatible bucket holding STARFACE backups.
public struct S3Settings: BackupTargetSettings, Hashable {
    public var endpoint = placeholderURL
    public var region = ""
    public var bucket = ""
    public var accessKey = SecretOrText.text("")
    public var secretKey = placeholderSecret
    public var pathStyle = true
    public var tls = TLSSettings()
    public var site: String?
    public var offsite = false
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the S3 target"
    public static let summary = "An S3-compatible bucket holding STARFACE backups."
    public static let fields: [SpecField<S3Settings>] = [
        .required("endpoint", \.endpoint, "S3 endpoint, e.g. https://s3.eu-central-1.amazonaws.com."),
        .required("region", \.region, "Region used for request signing."),
        .required("bucket", \.bucket, "Bucket name."),
        .required("accessKey", \.accessKey, "Access key ID (text or a secret reference)."),
        .required("secretKey", \.secretKey, "Secret access key, as ${env:NAME} or ${file:/path}."),
        .defaulted("pathStyle", \.pathStyle, true, "Address the bucket in the path rather than the host name."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
    ] + SpecField.targetFields
}

/// A directory on an SFTP server holding STARFACE backups.
public struct SFTPSettings: BackupTargetSettings, Hashable {
    public var ssh = SSHSettings()
    public var path = ""
    public var site: String?
    public var offsite = false
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the SFTP target"
    public static let summary = "A directory on an SFTP server holding STARFACE backups."
    public static let fields: [SpecField<SFTPSettings>] = SpecField.flattened(\.ssh) + [
        .required("path", \.path, "Directory holding the backups."),
    ] + SpecField.targetFields
}

/// A WebDAV collection holding STARFACE backups.
public struct WebDAVSettings: BackupTargetSettings, Hashable {
    public var url = placeholderURL
    public var username: SecretOrText?
    public var password: SecretReference?
    public var tls = TLSSettings()
    public var site: String?
    public var offsite = false
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the WebDAV target"
    public static let summary = "A WebDAV collection holding STARFACE backups."
    public static let fields: [SpecField<WebDAVSettings>] = [
        .required("url", \.url, "Collection URL, e.g. https://dav.example.com/backups/."),
        .optional("username", \.username, "User name, if the server asks for one."),
        .optional("password", \.password, "Password, as ${env:NAME} or ${file:/path}."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
    ] + SpecField.targetFields
}

/// A directory on the controller host (an SMB or NFS share mounted by the admin).
public struct DirectorySettings: BackupTargetSettings, Hashable {
    public var path = ""
    public var site: String?
    public var offsite = false
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the directory target"
    public static let summary = "A mounted directory (SMB/NFS) holding STARFACE backups."
    public static let fields: [SpecField<DirectorySettings>] = [
        .required("path", \.path, "Absolute path of the mounted directory."),
    ] + SpecField.targetFields
}
