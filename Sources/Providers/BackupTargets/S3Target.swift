import Crypto
import Foundation
import Spec

/// An S3 bucket (AWS or any S3-compatible store): ListObjectsV2 over every page, requests
/// signed with AWS SigV4 by libcurl. Needs `s3:ListBucket` on the bucket.
public struct S3Target: BackupTarget {
    public let provider: String
    public let settings: S3Settings
    public let options: BackupTargetOptions
    private let configuration: HTTPClientConfiguration

    public init(provider: String, settings: S3Settings, options: BackupTargetOptions = BackupTargetOptions()) {
        self.provider = provider
        self.settings = settings
        self.options = options
        configuration = HTTPClientConfiguration.provider(
            tls: settings.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, userAgent: "sfreconcile (S3 target)")
    }

    public var kind: ProviderSettings.Kind { .s3 }
    public var warnings: [String] { configuration.warnings }

    public func location(of prefix: String) -> String {
        "s3://\(settings.bucket)/\(prefix) at \(settings.endpoint.text)"
    }

    /// SHA-256 of an empty body, sent as `x-amz-content-sha256` with every GET.
    static let emptyPayloadHash = SHA256.hash(data: Data()).map { byte in
        String(Array("0123456789abcdef")[Int(byte >> 4)]) + String(Array("0123456789abcdef")[Int(byte & 0x0F)])
    }.joined()

    public func list(prefix: String) async throws(ProviderError) -> [BackupFile]? {
        let client = try makeClient()
        let folder = BackupPrefix(prefix).folder
        let stripped = folder.isEmpty ? "" : folder + "/"
        var files: [BackupFile] = []
        var token: String?
        var seenTokens = Set<String>()
        for _ in 0..<options.s3MaxPages {
            let url = listURL(prefix: prefix, continuationToken: token)
            let response: HTTPResponse
            do throws(HTTPError) {
                response = try await client.send(HTTPRequest(url: url, headers: ["x-amz-content-sha256": Self.emptyPayloadHash]))
            } catch {
                throw ProviderError(error, provider: provider)
            }
            if response.status != 200 {
                try throwUnlessMissingBucket(response)
                return nil   // the bucket does not exist
            }
            let page = try S3ListPage.parse(response.body, provider: provider)
            for object in page.objects {
                let name = object.key.hasPrefix(stripped) ? String(object.key.dropFirst(stripped.count)) : object.key
                files.append(BackupFile(name: name, modified: object.modified, size: object.size))
            }
            guard page.isTruncated else { return files }
            guard let next = page.nextToken, !next.isEmpty, seenTokens.insert(next).inserted else {
                throw ProviderError(.protocol, "ListObjectsV2 said the listing continues but gave no new continuation token",
                                    advice: "the S3 service does not follow the ListObjectsV2 protocol; check its version", provider: provider)
            }
            token = next
        }
        throw ProviderError(.protocol, "the listing of s3://\(settings.bucket)/\(prefix) has more than \(options.s3MaxPages) pages",
                            advice: "use a narrower prefix for this instance's backups", provider: provider)
    }

    /// The ListObjectsV2 URL: parameters sorted by name and RFC 3986-encoded, as SigV4's
    /// canonical query string wants them (libcurl 7.88 signs the query as written).
    func listURL(prefix: String, continuationToken: String?) -> String {
        var parameters: [(String, String)] = [("list-type", "2"), ("max-keys", String(options.s3PageSize)), ("prefix", prefix)]
        if let continuationToken { parameters.append(("continuation-token", continuationToken)) }
        let query = parameters.map { (RESTResponses.percentEncode($0.0), RESTResponses.percentEncode($0.1)) }
            .sorted { $0 < $1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        return bucketURL + "?" + query
    }

    /// The bucket's URL: `endpoint/bucket` (path style) or `bucket.endpoint-host` (virtual host).
    var bucketURL: String {
        let base = RESTResponses.trimmedBase(settings.endpoint.text)
        guard !settings.pathStyle, var components = URLComponents(string: base), let host = components.host else {
            return base + "/" + RESTResponses.percentEncode(settings.bucket)
        }
        components.host = settings.bucket + "." + host
        return RESTResponses.trimmedBase(components.string ?? base) + "/"
    }

    private func makeClient() throws(ProviderError) -> HTTPClient {
        var configuration = self.configuration
        do throws(SecretReference.ResolutionError) {
            configuration.awsSigV4 = AWSSigV4(region: settings.region, accessKey: try settings.accessKey.resolve(environment: options.environment).reveal(),
                                              secretKey: try settings.secretKey.resolve(environment: options.environment))
        } catch {
            throw ProviderError(.configuration, error.description,
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        do throws(HTTPError) {
            return try HTTPClient(configuration: configuration, warn: { _ in })
        } catch {
            throw ProviderError(error, provider: provider)
        }
    }

    /// Returns for a NoSuchBucket answer; throws the error any other non-200 answer means.
    private func throwUnlessMissingBucket(_ response: HTTPResponse) throws(ProviderError) {
        let error = S3ErrorBody.parse(response.body)
        let what = "ListObjectsV2 on s3://\(settings.bucket)"
        let said = error.map { " \($0.code): \($0.message)" } ?? (RESTResponses.snippet(response.body).map { " \($0)" } ?? "")
        switch (response.status, error?.code) {
        case (404, "NoSuchBucket"?):
            return
        case (_, "InvalidAccessKeyId"?), (_, "SignatureDoesNotMatch"?), (_, "InvalidToken"?), (_, "ExpiredToken"?):
            throw ProviderError(.auth, "\(what) answered HTTP \(response.status)\(said)",
                                advice: "check accessKey and the secretKey secret", provider: provider)
        case (_, "AuthorizationHeaderMalformed"?), (301, _), (_, "PermanentRedirect"?), (_, "IllegalLocationConstraintException"?):
            throw ProviderError(.configuration, "\(what) answered HTTP \(response.status)\(said)",
                                advice: "the bucket lives in another region or behind another endpoint; check region and endpoint",
                                provider: provider)
        case (403, _):
            throw ProviderError(.permission, "\(what) answered HTTP 403\(said)",
                                advice: "allow s3:ListBucket on the bucket for this access key", provider: provider)
        default:
            var failure = RESTResponses.error(for: response, what, provider: provider)
            if let error { failure.message = "\(what) answered HTTP \(response.status) \(error.code): \(error.message)" }
            throw failure
        }
    }
}

/// One page of a ListObjectsV2 answer.
struct S3ListPage {
    struct Object {
        var key: String
        var modified: Date
        var size: Int
    }

    var objects: [Object]
    var isTruncated: Bool
    var nextToken: String?

    static func parse(_ body: Data, provider: String) throws(ProviderError) -> S3ListPage {
        let root: XMLTreeElement
        do throws(XMLParseError) {
            root = try XMLTreeParser().parse(body)
        } catch {
            throw ProviderError(.protocol, "the ListObjectsV2 answer is not XML (\(error.description)): \(RESTResponses.snippet(body) ?? "empty")",
                                provider: provider)
        }
        guard root.name.localName == "ListBucketResult" else {
            throw ProviderError(.protocol, "the ListObjectsV2 answer is a <\(root.name.localName)>, not a <ListBucketResult>", provider: provider)
        }
        var objects: [Object] = []
        for element in root.all("Contents") {
            guard let key = element.text("Key"), let modifiedText = element.text("LastModified"),
                  let modified = Timestamp.parse(modifiedText), let size = element.text("Size").flatMap({ Int($0) })
            else {
                throw ProviderError(.protocol, "an object in the ListObjectsV2 answer lacks Key, LastModified or Size", provider: provider)
            }
            objects.append(Object(key: key, modified: modified, size: size))
        }
        return S3ListPage(objects: objects, isTruncated: root.text("IsTruncated") == "true",
                          nextToken: root.text("NextContinuationToken"))
    }
}

/// S3's error document (`<Error><Code>…</Code><Message>…</Message></Error>`).
struct S3ErrorBody {
    var code: String
    var message: String

    static func parse(_ body: Data) -> S3ErrorBody? {
        guard !body.isEmpty, let root = try? XMLTreeParser().parse(body), root.name.localName == "Error",
              let code = root.text("Code") else { return nil }
        return S3ErrorBody(code: code, message: root.text("Message") ?? "")
    }
}
