import Foundation

/// An absolute URL of a system the controller talks to (`https://vcenter.example.com/sdk`).
public struct EndpointURL: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var scheme: String
    public var host: String

    public init?(parsing text: String) {
        guard let parsed = Self.parse(text) else { return nil }
        self = parsed.url
    }

    /// The URL in `text`, and whether it carries credentials (`user:password@`); one parse
    /// for both (a spec of ten thousand instances has twenty thousand URLs).
    static func parse(_ text: String) -> (url: EndpointURL, hasCredentials: Bool)? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { return nil }
        return (EndpointURL(text: text, scheme: scheme, host: host), components.user != nil || components.password != nil)
    }

    private init(text: String, scheme: String, host: String) {
        self.text = text
        self.scheme = scheme
        self.host = host
    }

    /// True for `https` (and other TLS schemes such as `smtps`).
    public var isEncrypted: Bool { scheme.hasSuffix("s") }

    public var description: String { text }
}

extension EndpointURL: SpecValue {
    public static func decode(from node: YAMLNode, in context: DecodeContext) -> EndpointURL? {
        guard let scalar = node.requireScalar(context, expected: "a URL such as https://host.example.com") else { return nil }
        if scalar.value.hasPrefix("${") {
            context.error(.invalidValue, node, "this URL cannot be a secret reference",
                          hint: "write the URL itself; only credentials are secret")
            return nil
        }
        if let (url, hasCredentials) = EndpointURL.parse(scalar.value) {
            if hasCredentials {
                context.error(.literalSecret, node, "URLs must not carry credentials (user:password@)",
                              hint: "use the provider's username and password keys with ${env:…} references")
                return nil
            }
            return url
        }
        context.error(.invalidValue, node, "\"\(scalar.value)\" is not an absolute URL",
                      hint: "write scheme and host, e.g. https://vcenter.example.com/sdk")
        return nil
    }

    public static var schema: JSONValue {
        .object([("type", .string("string")), ("format", .string("uri")), ("pattern", .string("^[A-Za-z][A-Za-z0-9+.-]*://"))])
    }

    public var json: JSONValue { .string(text) }
}
