import Foundation

/// Reading the answers of JSON REST APIs (STARFACE, Veeam) in the vocabulary of providers:
/// error statuses become typed `ProviderError`s with advice, bodies that are not the JSON
/// the API documents become `.protocol` errors that quote a little of what came back.
enum RESTResponses {
    /// The error for a non-2xx answer to `what` (e.g. "GET /rest/users/me").
    static func error(for response: HTTPResponse, _ what: String, provider: String?) -> ProviderError {
        let detail = "\(what) answered HTTP \(response.status)\(snippet(response.body).map { ": \($0)" } ?? "")"
        switch response.status {
        case 400:
            return ProviderError(.protocol, detail, advice: "the server refused the request; check that it runs a supported version",
                                 provider: provider)
        case 401:
            return ProviderError(.auth, detail, provider: provider)
        case 403:
            return ProviderError(.permission, detail, provider: provider)
        case 404:
            return ProviderError(.notFound, detail, advice: "check the URL; it should name the server's address only", provider: provider)
        case 408, 429, 502, 503, 504:
            return ProviderError(.unavailable, detail, provider: provider)
        case 500...599:
            return ProviderError(.protocol, detail, advice: "the server reported an internal error; check its logs", provider: provider)
        default:
            return ProviderError(.protocol, detail, provider: provider)
        }
    }

    /// Decodes `T` from a 2xx body, or explains why it cannot.
    static func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, _ what: String,
                                     provider: String?) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            let got = snippet(response.body).map { "\"\($0)\"" } ?? "an empty body"
            throw ProviderError(.protocol, "\(what) did not answer with the documented JSON (\(describe(error))); got \(got)",
                                provider: provider)
        }
    }

    /// At most 160 characters of `body` on one line, or nil when it is empty.
    static func snippet(_ body: Data) -> String? {
        let text = String(decoding: body.prefix(480), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }

    /// A decoding error in a few words: which field, and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the document" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)) is malformed"
        case .keyNotFound(let key, let context):
            var inner = context.codingPath
            inner.append(key)
            return "\(path(DecodingError.Context(codingPath: inner, debugDescription: ""))) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has the wrong type"
        @unknown default:
            return "not the expected shape"
        }
    }

    /// `value` percent-encoded for a query string or path segment: everything but RFC 3986's
    /// unreserved characters.
    static func percentEncode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    /// `url` without trailing slashes.
    static func trimmedBase(_ url: String) -> String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
