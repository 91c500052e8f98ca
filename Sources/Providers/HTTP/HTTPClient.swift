import CCurl
import Foundation

/// An async HTTP client over libcurl, for every provider and alert sink that speaks HTTP.
///
/// Each request runs `curl_easy_perform` on a thread of its own, never on Swift's
/// cooperative pool, and resumes the caller when done. Transfers of one client share a
/// connection pool, DNS cache, TLS sessions and (when `cookies` is on) a cookie jar; give
/// each logged-in session its own client. Cancelling the calling task stops the transfer.
///
/// Secure by default: certificates and host names are verified unless the configuration
/// turns that off, which `warnings` reports (and the warning handler is told once).
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let share: CurlShare

    /// - Parameters:
    ///   - configuration: TLS, timeouts, limits, proxy, authentication, cookies.
    ///   - warn: told once about each insecure setting (by default on standard error).
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
                warn: (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }) throws(HTTPError) {
        guard CurlGlobal.initialized, let share = CurlShare(cookies: configuration.cookies) else {
            throw HTTPError(.transport, "libcurl could not be initialised", url: "", requestWasNotSent: true)
        }
        self.configuration = configuration
        self.share = share
        configuration.warnings.forEach(warn)
    }

    /// Insecure settings an admin should know about.
    public var warnings: [String] { configuration.warnings }

    /// Sends `request` and returns the response, whatever its status.
    /// - Throws: `HTTPError` when no response arrived: no connection, timeout, TLS failure,
    ///   body over the size limit, cancellation.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let transfer = CurlTransfer(limit: configuration.maxResponseBytes)
        let configuration = self.configuration
        let share = self.share
        let result: Result<HTTPResponse, HTTPError> = await withTaskCancellationHandler {
            if Task.isCancelled { transfer.cancel() }
            return await OwnThread.run(named: "sfreconcile-http") { CurlEasy.perform(request, configuration, share, transfer) }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}

/// One blocking transfer on a fresh easy handle; runs on the transfer's own thread.
enum CurlEasy {
    static func perform(_ request: HTTPRequest, _ configuration: HTTPClientConfiguration, _ share: CurlShare,
                        _ transfer: CurlTransfer) -> Result<HTTPResponse, HTTPError> {
        guard let handle = curl_easy_init() else {
            return .failure(HTTPError(.transport, "libcurl could not create a handle", url: request.url, requestWasNotSent: true))
        }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let code: CURLcode = withExtendedLifetime(transfer) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer -> CURLcode in
                var setup = Setup(handle: handle)
                setup.long(CURLOPT_NOSIGNAL, 1)
                setup.string(CURLOPT_URL, request.url)
                setup.string(CURLOPT_PROTOCOLS_STR, "http,https")
                setup.pointer(CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
                setup.pointer(CURLOPT_SHARE, share.handle)
                setup.string(CURLOPT_USERAGENT, configuration.userAgent)

                // Timeouts and limits.
                let timeout = request.timeout ?? configuration.requestTimeout
                setup.long(CURLOPT_CONNECTTIMEOUT_MS, max(1, min(configuration.connectTimeout, timeout).wholeMilliseconds))
                setup.long(CURLOPT_TIMEOUT_MS, max(1, timeout.wholeMilliseconds))
                setup.offset(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))

                // TLS: verify unless explicitly told not to.
                setup.long(CURLOPT_SSL_VERIFYPEER, configuration.tls.verifyPeer ? 1 : 0)
                setup.long(CURLOPT_SSL_VERIFYHOST, configuration.tls.verifyPeer ? 2 : 0)
                if let caFile = configuration.tls.caFile { setup.string(CURLOPT_CAINFO, caFile) }

                // Proxy: always set explicitly, so libcurl never reads the environment itself.
                let scheme = request.url.prefix { $0 != ":" }.lowercased()
                setup.string(CURLOPT_PROXY, configuration.proxy.proxy(forScheme: scheme) ?? "")
                if let noProxy = configuration.proxy.noProxy { setup.string(CURLOPT_NOPROXY, noProxy) }

                // Redirects.
                setup.long(CURLOPT_FOLLOWLOCATION, configuration.maxRedirects > 0 ? 1 : 0)
                // Without following, no limit: libcurl counts the second leg of a multi-pass
                // login (NTLM, Negotiate, Digest) against CURLOPT_MAXREDIRS, so 0 would stop it.
                setup.long(CURLOPT_MAXREDIRS, configuration.maxRedirects > 0 ? configuration.maxRedirects : -1)
                setup.string(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")

                if let auth = configuration.authentication {
                    setup.long(CURLOPT_HTTPAUTH, authBits(auth.scheme))
                    setup.string(CURLOPT_USERNAME, auth.username)
                    setup.string(CURLOPT_PASSWORD, auth.password.reveal())
                }
                if let sigV4 = configuration.awsSigV4 {
                    setup.string(CURLOPT_AWS_SIGV4, sigV4.provider)
                    setup.string(CURLOPT_USERNAME, sigV4.accessKey)
                    setup.string(CURLOPT_PASSWORD, sigV4.secretKey.reveal())
                }
                if configuration.cookies { setup.string(CURLOPT_COOKIEFILE, "") }
                if configuration.compression { setup.string(CURLOPT_ACCEPT_ENCODING, "") }

                // Method and body.
                let method = request.method.uppercased()
                if method == "HEAD" {
                    setup.long(CURLOPT_NOBODY, 1)
                } else if let body = request.body {
                    setup.long(CURLOPT_POST, 1)
                    setup.offset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    body.withUnsafeBytes { setup.pointer(CURLOPT_COPYPOSTFIELDS, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)) }
                    if method != "POST" { setup.string(CURLOPT_CUSTOMREQUEST, method) }
                } else if method != "GET" {
                    setup.string(CURLOPT_CUSTOMREQUEST, method)
                }

                var headers = request.headers
                // No 100-continue round trip. Only with a body: libcurl's SigV4 signing (7.88) would
                // sign the empty field as a header that is never sent.
                if request.body != nil, headers["Expect"] == nil { headers.add("Expect", "") }
                for field in headers {
                    headerList = curl_slist_append(headerList, field.value.isEmpty ? "\(field.name):" : "\(field.name): \(field.value)")
                }
                setup.pointer(CURLOPT_HTTPHEADER, UnsafeRawPointer(headerList))

                // Callbacks, with the transfer as their context.
                setup.check(sf_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
                setup.pointer(CURLOPT_WRITEDATA, context)
                setup.check(sf_curl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
                setup.pointer(CURLOPT_HEADERDATA, context)
                setup.check(sf_curl_setopt_xferinfo_function(handle, curlProgress))
                setup.pointer(CURLOPT_XFERINFODATA, context)
                setup.long(CURLOPT_NOPROGRESS, 0)

                if let failure = setup.failure { return failure }
                return curl_easy_perform(handle)
            }
        }

        if code == CURLE_OK {
            var status = 0
            _ = sf_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            var effective: UnsafeMutablePointer<CChar>?
            _ = sf_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
            return .success(HTTPResponse(status: status == 0 ? transfer.status : status, headers: transfer.headers,
                                         body: transfer.body, url: effective.map { String(cString: $0) } ?? request.url))
        }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        // A new connection was made, or a pooled one used (it then has a peer port).
        var connects = 0
        _ = sf_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        var peerPort = 0
        _ = sf_curl_getinfo_long(handle, CURLINFO_PRIMARY_PORT, &peerPort)
        return .failure(error(for: code, message: message, url: request.url, connected: connects > 0 || peerPort > 0,
                              transfer: transfer, limit: configuration.maxResponseBytes))
    }

    /// Classifies a failed transfer. `connected` tells whether a connection was made (or
    /// reused), i.e. whether the request may have gone out.
    static func error(for code: CURLcode, message: String, url: String, connected: Bool, transfer: CurlTransfer,
                      limit: Int) -> HTTPError {
        let raw = Int(code.rawValue)
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPError(.invalidURL, message, url: url, curlCode: raw, requestWasNotSent: true)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return HTTPError(.couldNotResolve, message, url: url, curlCode: raw, requestWasNotSent: true)
        case CURLE_COULDNT_CONNECT:
            return HTTPError(.couldNotConnect, message, url: url, curlCode: raw, requestWasNotSent: true)
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPError(.timeout, message, url: url, curlCode: raw, requestWasNotSent: !connected)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            return HTTPError(.tls, message, url: url, curlCode: raw, requestWasNotSent: true)
        case CURLE_FILESIZE_EXCEEDED:
            return HTTPError(.tooLarge, "the response is larger than the limit of \(limit) bytes", url: url, curlCode: raw)
        case CURLE_WRITE_ERROR where transfer.exceededLimit:
            return HTTPError(.tooLarge, "the response is larger than the limit of \(limit) bytes", url: url, curlCode: raw)
        case CURLE_ABORTED_BY_CALLBACK:
            return HTTPError(.cancelled, "the request was cancelled", url: url, curlCode: raw, requestWasNotSent: !connected)
        case CURLE_TOO_MANY_REDIRECTS:
            return HTTPError(.tooManyRedirects, message, url: url, curlCode: raw)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return HTTPError(.connectionLost, message, url: url, curlCode: raw)
        default:
            return HTTPError(.transport, message, url: url, curlCode: raw, requestWasNotSent: !connected)
        }
    }

    static func authBits(_ scheme: HTTPAuthentication.Scheme) -> Int {
        switch scheme {
        case .basic: return SF_CURLAUTH_BASIC
        case .digest: return SF_CURLAUTH_DIGEST
        case .ntlm: return SF_CURLAUTH_NTLM
        case .negotiate: return SF_CURLAUTH_NEGOTIATE
        case .anySafe: return SF_CURLAUTH_ANYSAFE
        }
    }


    /// Sets options, remembering the first one libcurl refused.
    struct Setup {
        let handle: UnsafeMutableRawPointer
        var failure: CURLcode?

        mutating func check(_ code: CURLcode) {
            if code != CURLE_OK, failure == nil { failure = code }
        }

        mutating func long(_ option: CURLoption, _ value: Int) {
            check(sf_curl_setopt_long(handle, option, value))
        }

        mutating func offset(_ option: CURLoption, _ value: curl_off_t) {
            check(sf_curl_setopt_off(handle, option, value))
        }

        mutating func string(_ option: CURLoption, _ value: String) {
            check(value.withCString { sf_curl_setopt_ptr(handle, option, $0) })   // libcurl copies strings
        }

        mutating func pointer(_ option: CURLoption, _ value: UnsafeRawPointer?) {
            check(sf_curl_setopt_ptr(handle, option, value))
        }

        mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
            check(sf_curl_setopt_ptr(handle, option, value))
        }

        mutating func pointer(_ option: CURLoption, _ value: UnsafeMutablePointer<CChar>?) {
            check(sf_curl_setopt_ptr(handle, option, value))
        }
    }
}
