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

/// Settings of providers that log in with a user name and password over HTTPS.
public protocol ProviderCredentialSettings: ProviderCommonSettings {
    var url: EndpointURL { get set }
    var username: SecretOrText { get set }
    var password: SecretReference { get set }
    var tls: TLSSettings { get set }
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
    static func credentialFields(url doc: String) -> [SpecField<Root>] {
        [
            .required("url", \.url, doc),
            .required("username", \.username, "User name to log in with (text or a secret reference)."),
            .required("password", \.password, "Password, as ${env:NAME} or ${file:/path}."),
            .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings."),
        ] + SpecField.commonFields
    }
}
