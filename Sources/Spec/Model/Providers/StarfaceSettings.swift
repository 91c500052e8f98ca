/// SSH access to a STARFACE system, used to read its version file (the REST API has
/// no version resource).
public struct SSHSettings: SpecObject, Hashable {
    public var host = ""
    public var port = 22
    public var user = ""
    public var keyFile: String?
    public var password: SecretReference?
    public var knownHostsFile: String?

    public init() {}

    public static let noun = "the SSH settings"
    public static let summary = "SSH/SFTP access; use keyFile or password."
    public static let fields: [SpecField<SSHSettings>] = [
        .required("host", \.host, "Host name or address."),
        .defaulted("port", \.port, 22, "TCP port."),
        .required("user", \.user, "User to log in as."),
        .optional("keyFile", \.keyFile, "Private key file on the controller host."),
        .optional("password", \.password, "Password, as ${env:NAME} or ${file:/path}."),
        .optional("knownHostsFile", \.knownHostsFile, "known_hosts file to verify the host key against."),
    ]
}

/// A STARFACE PBX (live or standby), reached over its REST API and SSH.
public struct StarfaceSettings: ProviderCommonSettings, Hashable {
    public var url = placeholderURL
    public var loginId = ""
    public var password = placeholderSecret
    public var ssh: SSHSettings?
    public var tls = TLSSettings()
    public var site: String?
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the STARFACE provider"
    public static let summary = "A STARFACE PBX: REST API for liveness, SSH for the version."
    public static let fields: [SpecField<StarfaceSettings>] = [
        .required("url", \.url, "Web address of the PBX, e.g. https://pbx.example.com."),
        .required("loginId", \.loginId, "Login ID of the API user (quote it: \"0001\")."),
        .required("password", \.password, "Password, as ${env:NAME} or ${file:/path}."),
        .optional("ssh", \.ssh, "SSH access for reading the STARFACE version."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
    ] + SpecField.commonFields
}
