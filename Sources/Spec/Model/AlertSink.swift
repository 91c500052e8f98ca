/// Where alerts go. The `type` key picks the kind.
public enum AlertSink: TaggedSpecValue, Hashable {
    public enum Kind: String, SpecEnum, Codable {
        case alertmanager, webhook, smtp
    }

    case alertmanager(AlertmanagerSink)
    case webhook(WebhookSink)
    case smtp(SMTPSink)

    public var kind: Kind {
        switch self {
        case .alertmanager: return .alertmanager
        case .webhook: return .webhook
        case .smtp: return .smtp
        }
    }

    /// The sink's name, unique among sinks.
    public var name: String {
        switch self {
        case .alertmanager(let s): return s.name
        case .webhook(let s): return s.name
        case .smtp(let s): return s.name
        }
    }

    public static let summary = "An alert destination; `type` decides the other keys."

    public static func decode(_ kind: Kind, from node: YAMLNode, in context: DecodeContext) -> AlertSink? {
        switch kind {
        case .alertmanager: return decodeVariant(AlertmanagerSink.self, from: node, in: context).map(Self.alertmanager)
        case .webhook: return decodeVariant(WebhookSink.self, from: node, in: context).map(Self.webhook)
        case .smtp: return decodeVariant(SMTPSink.self, from: node, in: context).map(Self.smtp)
        }
    }

    public static func variantSchema(_ kind: Kind) -> JSONValue {
        switch kind {
        case .alertmanager: return objectVariantSchema(AlertmanagerSink.self, kind: kind)
        case .webhook: return objectVariantSchema(WebhookSink.self, kind: kind)
        case .smtp: return objectVariantSchema(SMTPSink.self, kind: kind)
        }
    }

    public var settings: any SpecObject {
        switch self {
        case .alertmanager(let s): return s
        case .webhook(let s): return s
        case .smtp(let s): return s
        }
    }
}

/// A Prometheus Alertmanager (API v2).
public struct AlertmanagerSink: SpecObject, Hashable {
    public var name = ""
    public var url = placeholderURL
    public var tls = TLSSettings()
    public var minSeverity = Severity.warning

    public init() {}

    public static let noun = "the Alertmanager sink"
    public static let summary = "A Prometheus Alertmanager (API v2)."
    public static let fields: [SpecField<AlertmanagerSink>] = [
        .required("name", \.name, "A name for this sink."),
        .required("url", \.url, "Alertmanager base URL, e.g. http://alertmanager:9093."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings (a private CA's caFile)."),
        .defaulted("minSeverity", \.minSeverity, .warning, "Least severe finding sent here."),
    ]
}

/// The payload shape a webhook expects.
public enum WebhookFormat: String, SpecEnum, Codable {
    /// sfreconcile's own JSON, signed with HMAC-SHA256 when a secret is set.
    case generic
    /// A Microsoft Teams Workflows adaptive card.
    case teams
    /// A Slack incoming-webhook message.
    case slack
}

/// An HTTP webhook (generic JSON, Teams or Slack).
public struct WebhookSink: SpecObject, Hashable {
    public var name = ""
    public var url = SecretOrText.text("")
    public var format = WebhookFormat.generic
    public var secret: SecretReference?
    public var tls = TLSSettings()
    public var minSeverity = Severity.warning

    public init() {}

    public static let noun = "the webhook sink"
    public static let summary = "An HTTP webhook: generic JSON (HMAC-signed), Teams or Slack."
    public static let fields: [SpecField<WebhookSink>] = [
        .required("name", \.name, "A name for this sink."),
        .required("url", \.url, "Webhook URL; Teams and Slack URLs hold a token, so prefer ${env:NAME}."),
        .defaulted("format", \.format, .generic, "generic, teams or slack."),
        .optional("secret", \.secret, "HMAC-SHA256 key for generic webhooks, as ${env:NAME} or ${file:/path}."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings (a private CA's caFile)."),
        .defaulted("minSeverity", \.minSeverity, .warning, "Least severe finding sent here."),
    ]
}

/// Mail through an SMTP server.
public struct SMTPSink: SpecObject, Hashable {
    public var name = ""
    public var url = placeholderURL
    public var from = ""
    public var to: [String] = []
    public var username: SecretOrText?
    public var password: SecretReference?
    public var tls = TLSSettings()
    public var minSeverity = Severity.warning

    public init() {}

    public static let noun = "the SMTP sink"
    public static let summary = "Mail through an SMTP server."
    public static let fields: [SpecField<SMTPSink>] = [
        .required("name", \.name, "A name for this sink."),
        .required("url", \.url, "smtp:// (STARTTLS) or smtps:// server URL."),
        .required("from", \.from, "Sender address."),
        .required("to", \.to, "Recipient addresses."),
        .optional("username", \.username, "SMTP user, if the server asks for one."),
        .optional("password", \.password, "SMTP password, as ${env:NAME} or ${file:/path}."),
        .defaulted("tls", \.tls, TLSSettings(), "TLS verification settings for smtps:// and STARTTLS (a private CA's caFile)."),
        .defaulted("minSeverity", \.minSeverity, .warning, "Least severe finding sent here."),
    ]
}
