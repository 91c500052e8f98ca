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
    public var backupHook: BackupHook?
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
        .optional("backupHook", \.backupHook,
                  "How to start a STARFACE backup (STARFACE has no API for it): a command or an HTTP call you provide."),
    ] + SpecField.commonFields
}

/// How sfreconcile starts a STARFACE backup (the `triggerBackup` action, BAK-1). STARFACE
/// documents no API for it, so the admin provides the means: a program on the controller
/// host, or an HTTP call to an automation system. Without a hook the action becomes an alert
/// telling the admin what to do in the STARFACE admin UI.
public struct BackupHook: SpecObject, Hashable {
    public var command: [String]?
    public var http: HTTPHook?
    public var timeout = TimeSpan.minutes(5)

    public init() {}

    public static let noun = "the backup hook"
    public static let summary = "Starts a STARFACE backup: exactly one of command or http."
    public static let fields: [SpecField<BackupHook>] = [
        .optional("command", \.command,
                  "Program and arguments run on the controller host; SFRECONCILE_INSTANCE, SFRECONCILE_PROVIDER, "
                  + "SFRECONCILE_TARGET and SFRECONCILE_STARFACE_URL are set in its environment. Exit 0 means started."),
        .optional("http", \.http, "An HTTP call that starts the backup (a 2xx answer means started)."),
        .defaulted("timeout", \.timeout, .minutes(5), "Longest wait for the command or the HTTP call."),
    ]
}

/// The methods a backup hook may call with.
public enum HookMethod: String, SpecEnum, Codable {
    case POST, PUT, GET
}

/// An HTTP call that starts a STARFACE backup.
public struct HTTPHook: SpecObject, Hashable {
    public var url = SecretOrText.text("")
    public var method = HookMethod.POST
    public var headers: [HookHeader] = []
    public var tls = TLSSettings()

    public init() {}

    public static let noun = "the HTTP backup hook"
    public static let summary = "An HTTP call that starts a STARFACE backup; POST and PUT send a JSON body naming the instance and target."
    public static let fields: [SpecField<HTTPHook>] = [
        .required("url", \.url, "URL to call; write ${env:NAME} when it carries a token."),
        .defaulted("method", \.method, .POST, "POST, PUT or GET."),
        .defaulted("headers", \.headers, [], "Extra header fields, e.g. an Authorization header read from a secret."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
    ]
}

/// One header field of an HTTP hook; the value may be a secret reference.
public struct HookHeader: SpecObject, Hashable {
    public var name = ""
    public var value = SecretOrText.text("")

    public init() {}

    public static let noun = "the hook header"
    public static let summary = "A header field sent with the HTTP hook."
    public static let fields: [SpecField<HookHeader>] = [
        .required("name", \.name, "Field name, e.g. Authorization."),
        .required("value", \.value, "Field value: text, or ${env:NAME} / ${file:/path} for tokens."),
    ]
}
