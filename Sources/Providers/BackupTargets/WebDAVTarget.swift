import Foundation
import Spec

/// A WebDAV collection: one `PROPFIND` with `Depth: 1` per listing, asking for each
/// member's type, length and last modification; the multistatus answer is read by namespace
/// (`DAV:`), whatever prefix the server uses. Needs read (PROPFIND) rights on the collection.
///
/// Credentials: Basic over https://; over plain http:// only schemes that do not send the
/// password in clear (Digest, NTLM, Negotiate).
public struct WebDAVTarget: BackupTarget {
    public let provider: String
    public let settings: WebDAVSettings
    public let options: BackupTargetOptions
    private let configuration: HTTPClientConfiguration

    public init(provider: String, settings: WebDAVSettings, options: BackupTargetOptions = BackupTargetOptions()) {
        self.provider = provider
        self.settings = settings
        self.options = options
        configuration = HTTPClientConfiguration.provider(
            tls: settings.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, maxRedirects: 2, userAgent: "sfreconcile (WebDAV target)")
    }

    public var kind: ProviderSettings.Kind { .webdav }
    public var warnings: [String] { configuration.warnings }

    public func location(of prefix: String) -> String {
        collectionURL(BackupPrefix(prefix)) + BackupPrefix(prefix).namePrefix
    }

    static let propfindBody = Data("""
        <?xml version="1.0" encoding="utf-8"?>
        <D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>
        """.utf8)

    public func list(prefix: String) async throws(ProviderError) -> [BackupFile]? {
        let parsed = BackupPrefix(prefix)
        let url = collectionURL(parsed)
        let client = try makeClient()
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(HTTPRequest(method: "PROPFIND", url: url,
                                                         headers: ["Depth": "1", "Content-Type": "application/xml; charset=utf-8"],
                                                         body: Self.propfindBody))
        } catch {
            throw ProviderError(error, provider: provider)
        }
        switch response.status {
        case 207:
            break
        case 404:
            return nil
        case 401:
            throw ProviderError(.auth, "PROPFIND \(url) answered HTTP 401",
                                advice: "check username and the password secret of the WebDAV target", provider: provider)
        case 405, 501:
            throw ProviderError(.protocol, "PROPFIND \(url) answered HTTP \(response.status): the server does not speak WebDAV there",
                                advice: "check the url: it must name a WebDAV collection", provider: provider)
        default:
            throw RESTResponses.error(for: response, "PROPFIND \(url)", provider: provider)
        }
        let members = try WebDAVMultistatus.parse(response.body, provider: provider)
        let collectionPath = WebDAVMultistatus.decodedPath(of: url)
        var files: [BackupFile] = []
        for member in members where !member.isCollection {
            guard let name = WebDAVMultistatus.name(of: member.path, in: collectionPath), name.hasPrefix(parsed.namePrefix) else { continue }
            guard let modified = member.modified, let size = member.size else {
                if name.lowercased().hasSuffix(".sar") {
                    throw ProviderError(.protocol, "the PROPFIND answer for \(name) lacks getlastmodified or getcontentlength",
                                        advice: "the server does not report the properties WebDAV defines; check its version", provider: provider)
                }
                continue
            }
            files.append(BackupFile(name: name, modified: modified, size: size))
        }
        return files
    }

    /// The collection's URL for the prefix's folder, ending in `/`, each segment encoded.
    func collectionURL(_ prefix: BackupPrefix) -> String {
        var url = settings.url.text
        if !url.hasSuffix("/") { url += "/" }
        for segment in prefix.folder.split(separator: "/") {
            url += RESTResponses.percentEncode(String(segment)) + "/"
        }
        return url
    }

    private func makeClient() throws(ProviderError) -> HTTPClient {
        var configuration = self.configuration
        if let username = settings.username {
            do throws(SecretReference.ResolutionError) {
                let user = try username.resolve(environment: options.environment).reveal()
                let password = try settings.password?.resolve(environment: options.environment) ?? SecretValue("")
                configuration.authentication = HTTPAuthentication(settings.url.scheme == "https" ? .basic : .anySafe,
                                                                  username: user, password: password)
            } catch {
                throw ProviderError(.configuration, error.description,
                                    advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
            }
        }
        do throws(HTTPError) {
            return try HTTPClient(configuration: configuration, warn: { _ in })
        } catch {
            throw ProviderError(error, provider: provider)
        }
    }
}

/// Reading a WebDAV multistatus answer (RFC 4918 §14.16).
enum WebDAVMultistatus {
    static let dav = "DAV:"

    struct Member: Sendable, Hashable {
        /// The href's path, percent-decoded.
        var path: String
        var isCollection: Bool
        var size: Int?
        var modified: Date?
    }

    static func parse(_ body: Data, provider: String) throws(ProviderError) -> [Member] {
        let root: XMLTreeElement
        do throws(XMLParseError) {
            root = try XMLTreeParser().parse(body)
        } catch {
            throw ProviderError(.protocol, "the PROPFIND answer is not XML (\(error.description)): \(RESTResponses.snippet(body) ?? "empty")",
                                provider: provider)
        }
        guard root.name == XMLName(dav, "multistatus") else {
            throw ProviderError(.protocol, "the PROPFIND answer is a <\(root.name)>, not a DAV: multistatus", provider: provider)
        }
        return root.children.filter { $0.name == XMLName(dav, "response") }.compactMap { response in
            guard let href = response.child(XMLName(dav, "href"))?.text.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
            var member = Member(path: decodedPath(of: href), isCollection: false)
            for propstat in response.children where propstat.name == XMLName(dav, "propstat") {
                let status = propstat.child(XMLName(dav, "status"))?.text ?? ""
                guard status.contains(" 200"), let prop = propstat.child(XMLName(dav, "prop")) else { continue }
                if let type = prop.child(XMLName(dav, "resourcetype")), type.child(XMLName(dav, "collection")) != nil {
                    member.isCollection = true
                }
                if let length = prop.child(XMLName(dav, "getcontentlength")) {
                    member.size = Int(length.text.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                if let modified = prop.child(XMLName(dav, "getlastmodified")) {
                    member.modified = HTTPDate.parse(modified.text.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            return member
        }
    }

    /// The percent-decoded path of an href or URL (hrefs may be absolute URLs or paths).
    static func decodedPath(of reference: String) -> String {
        let path: String
        if let schemeEnd = reference.range(of: "://") {
            let afterScheme = reference[schemeEnd.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        } else {
            path = reference
        }
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        return withoutQuery.removingPercentEncoding ?? withoutQuery
    }

    /// The member's name relative to the collection, or nil for the collection itself or
    /// anything not directly inside it.
    static func name(of memberPath: String, in collectionPath: String) -> String? {
        let collection = collectionPath.hasSuffix("/") ? collectionPath : collectionPath + "/"
        var member = memberPath
        while member.hasSuffix("/") { member.removeLast() }
        guard member.hasPrefix(collection) else { return nil }
        let name = String(member.dropFirst(collection.count))
        return name.isEmpty || name.contains("/") ? nil : name
    }
}

/// HTTP dates (RFC 9110 §5.6.7), as WebDAV's getlastmodified writes them:
/// `Sun, 06 Nov 1994 08:49:37 GMT`. The obsolete RFC 850 and asctime forms are read too.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Date? {
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        switch words.count {
        case 6 where words[5].uppercased() == "GMT" || words[5].uppercased() == "UTC":   // Sun, 06 Nov 1994 08:49:37 GMT
            (day, month, year, time) = (Int(words[1]), monthNumber(words[2]), Int(words[3]), clock(words[4]))
        case 4 where words[3].uppercased() == "GMT":   // Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let shortYear = Int(parts[2]) else { return nil }
            (day, month, year, time) = (Int(parts[0]), monthNumber(parts[1]), shortYear < 100 ? shortYear + (shortYear < 70 ? 2000 : 1900) : shortYear,
                                        clock(words[2]))
        case 5:   // Sun Nov  6 08:49:37 1994
            (day, month, year, time) = (Int(words[2]), monthNumber(words[1]), Int(words[4]), clock(words[3]))
        default:
            return nil
        }
        guard let day, let month, let year, let time, (1...31).contains(day) else { return nil }
        let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, time[0], time[1], time[2])
        return Timestamp.parse(text)
    }

    private static func monthNumber(_ word: String) -> Int? {
        months.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    private static func clock(_ word: String) -> [Int]? {
        let parts = word.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, parts[0] < 24, parts[1] < 60, parts[2] < 61 else { return nil }
        return parts
    }
}
