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
        if let (scheme, host) = plainParts(text) {
            return (EndpointURL(text: text, scheme: scheme, host: host), false)
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { return nil }
        return (EndpointURL(text: text, scheme: scheme, host: host), components.user != nil || components.password != nil)
    }

    /// The scheme (lowercased) and host of a URL of the plain form nearly every spec uses,
    /// `scheme://host.name/path` in lowercase ASCII without port, user, query or escapes,
    /// read without Foundation (whose parse costs more than the rest of a provider's
    /// decoding). Nil for anything else, which `URLComponents` then reads.
    static func plainParts(_ text: String) -> (scheme: String, host: String)? {
        let bytes = Array(text.utf8)
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        // Scheme: a letter, then letters, digits, "+", "-" or ".", then "://".
        guard let first = bytes.first, isLower(first) || isUpper(first),
              let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes[..<colon].allSatisfy({ isLower($0) || isUpper($0) || isDigit($0) || $0 == 43 || $0 == 45 || $0 == 46 }),
              bytes[colon...].starts(with: "://".utf8)
        else { return nil }
        // Host: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.
        let hostStart = colon + 3
        let hostEnd = bytes[hostStart...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
        let host = bytes[hostStart..<hostEnd]
        guard let head = host.first, let tail = host.last,
              isLower(head) || isDigit(head), isLower(tail) || isDigit(tail),
              host.allSatisfy({ isLower($0) || isDigit($0) || $0 == 45 || $0 == 46 })
        else { return nil }
        // Path: unreserved characters and "/" only.
        guard bytes[hostEnd...].allSatisfy({ isLower($0) || isUpper($0) || isDigit($0) || $0 == 45 || $0 == 46 || $0 == 95 || $0 == 126 || $0 == 47 })
        else { return nil }
        return (String(decoding: bytes[..<colon], as: UTF8.self).lowercased(), String(decoding: host, as: UTF8.self))
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
