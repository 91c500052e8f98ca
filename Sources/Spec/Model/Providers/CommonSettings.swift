/// TLS settings shared by every HTTPS provider. Verification is on unless turned off
/// explicitly, which is reported as a warning.
public struct TLSSettings: SpecObject, Hashable {
    public var caFile: String?
    public var insecureSkipVerify = false

    public init() {}

    public static let summary = "TLS settings; certificates are verified unless insecureSkipVerify is set."
    public static let fields: [SpecField<TLSSettings>] = [
        .optional("caFile", \.caFile, "PEM file of the CA that signed the server certificate."),
        .defaulted("insecureSkipVerify", \.insecureSkipVerify, false, "Skip certificate verification (lab use only; warned about)."),
    ]
}

/// Settings every provider has.
public protocol ProviderCommonSettings: SpecObject {
    var site: String? { get set }
    var timeout: TimeSpan { get set }
}

/// Where and as whom to log in to an HTTPS service: the keys every API provider shares.
public struct ServiceEndpoint: SpecObject, Hashable {
    public var url = placeholderURL
    public var username = SecretOrText.text("")
    public var password = placeholderSecret
    public var tls = TLSSettings()

    public init() {}

    public static let noun = "the endpoint"
    public static let summary = "An HTTPS service and the account to log in with."
    public static let fields: [SpecField<ServiceEndpoint>] = [
        .required("url", \.url, "Address of the service's API."),
        .required("username", \.username, "User name to log in with (text or a secret reference)."),
        .required("password", \.password, "Password, as ${env:NAME} or ${file:/path}."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
    ]
}

/// Settings of providers that log in to an HTTPS API with a user name and password.
public protocol ProviderCredentialSettings: ProviderCommonSettings {
    var endpoint: ServiceEndpoint { get set }
}

/// A placeholder value for required keys, replaced by decoding (never used when missing:
/// a missing required key is an error).
let placeholderURL = EndpointURL(parsing: "https://unset.invalid")!
let placeholderSecret = SecretReference.environment("UNSET")

extension SpecField where Root: ProviderCommonSettings {
    /// `site` and `timeout`, shared by every provider.
    static var commonFields: [SpecField<Root>] {
        [
            .optional("site", \.site, "The site this system sits at."),
            .defaulted("timeout", \.timeout, .seconds(30), "Longest wait for one call to this system."),
        ]
    }
}

extension SpecField where Root: ProviderCredentialSettings {
    /// `url`, `username`, `password` and `tls`, then the common fields.
    static var credentialFields: [SpecField<Root>] {
        flattened(\.endpoint) + commonFields
    }
}
