import CCurl
import Spec
import Foundation

/// Sends mail through an SMTP server with libcurl: `smtps://` (TLS from the start) or
/// `smtp://` with STARTTLS, required unless `requireTLS` is off; AUTH when a user is set.
/// Like `HTTPClient`, each send runs `curl_easy_perform` on a thread of its own and shares
/// libcurl's set-up (global init, option setter, TLS settings) with it.
public final class SMTPClient: Sendable {
    public struct Configuration: Sendable {
        /// `smtp://host[:port]` or `smtps://host[:port]`.
        public var url: String
        public var username: String?
        public var password: SecretValue?
        public var tls: HTTPClientConfiguration.TLS
        /// For `smtp://`: refuse to go on when the server offers no STARTTLS. Off only for a
        /// relay on the same host.
        public var requireTLS: Bool
        public var timeout: Duration

        public init(url: String, username: String? = nil, password: SecretValue? = nil,
                    tls: HTTPClientConfiguration.TLS = .init(), requireTLS: Bool = true, timeout: Duration = .seconds(30)) {
            self.url = url
            self.username = username
            self.password = password
            self.tls = tls
            self.requireTLS = requireTLS
            self.timeout = timeout
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) throws(SMTPError) {
        guard CurlGlobal.initialized else { throw SMTPError(.transport, "libcurl could not be initialised", requestWasNotSent: true) }
        let scheme = configuration.url.prefix { $0 != ":" }.lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPError(.invalidURL, "\(configuration.url) is not an smtp:// or smtps:// URL", requestWasNotSent: true)
        }
        self.configuration = configuration
    }

    /// Sends `message` to its recipients; returns when the server accepted it.
    public func send(_ message: MailMessage) async throws(SMTPError) {
        let upload = MailUpload(message.rendered())
        let configuration = self.configuration
        let result: Result<Void, SMTPError> = await withTaskCancellationHandler {
            await OwnThread.run(named: "sfreconcile-smtp") { CurlMail.perform(message, configuration, upload) }
        } onCancel: {
            upload.cancel()
        }
        try result.get()
    }
}

/// Why a mail was not accepted.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case invalidURL, couldNotConnect, tls, authentication, rejected, timeout, cancelled, transport
    }

    public var kind: Kind
    public var message: String
    /// True when no mail can have gone out (sending again cannot duplicate it).
    public var requestWasNotSent: Bool

    public init(_ kind: Kind, _ message: String, requestWasNotSent: Bool = false) {
        self.kind = kind
        self.message = message
        self.requestWasNotSent = requestWasNotSent
    }

    /// Worth another try later.
    public var isTransient: Bool {
        switch kind {
        case .couldNotConnect, .timeout, .transport: return true
        case .invalidURL, .tls, .authentication, .rejected, .cancelled: return false
        }
    }

    public var description: String { message }
}

/// The message bytes handed to libcurl's read callback, and the cancel flag.
final class MailUpload: @unchecked Sendable {
    let bytes: [UInt8]
    var offset = 0          // touched only by the transfer's thread
    let transfer = CurlTransfer(limit: 64 * 1024)

    init(_ data: Data) { bytes = Array(data) }

    func cancel() { transfer.cancel() }
}

func curlReadMail(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context, let buffer else { return Int(SF_CURL_READFUNC_ABORT) }
    let upload = Unmanaged<MailUpload>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, upload.bytes.count - upload.offset)
    guard length > 0 else { return 0 }
    upload.bytes.withUnsafeBufferPointer { source in
        buffer.withMemoryRebound(to: UInt8.self, capacity: length) { target in
            target.update(from: source.baseAddress! + upload.offset, count: length)
        }
    }
    upload.offset += length
    return length
}

/// One blocking SMTP transaction on a fresh easy handle.
enum CurlMail {
    static func perform(_ message: MailMessage, _ configuration: SMTPClient.Configuration, _ upload: MailUpload) -> Result<Void, SMTPError> {
        guard let handle = curl_easy_init() else { return .failure(SMTPError(.transport, "libcurl could not create a handle", requestWasNotSent: true)) }
        defer { curl_easy_cleanup(handle) }
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipients) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let context = Unmanaged.passUnretained(upload).toOpaque()
        let transferContext = Unmanaged.passUnretained(upload.transfer).toOpaque()

        let code: CURLcode = withExtendedLifetime(upload) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer -> CURLcode in
                var setup = CurlEasy.Setup(handle: handle)
                setup.long(CURLOPT_NOSIGNAL, 1)
                setup.string(CURLOPT_URL, configuration.url)
                setup.string(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
                setup.pointer(CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
                let timeout = max(1, configuration.timeout.wholeMilliseconds)
                setup.long(CURLOPT_CONNECTTIMEOUT_MS, min(10_000, timeout))
                setup.long(CURLOPT_TIMEOUT_MS, timeout)
                setup.long(CURLOPT_SSL_VERIFYPEER, configuration.tls.verifyPeer ? 1 : 0)
                setup.long(CURLOPT_SSL_VERIFYHOST, configuration.tls.verifyPeer ? 2 : 0)
                if let caFile = configuration.tls.caFile { setup.string(CURLOPT_CAINFO, caFile) }
                setup.long(CURLOPT_USE_SSL, configuration.requireTLS ? SF_CURLUSESSL_ALL : SF_CURLUSESSL_TRY)
                setup.string(CURLOPT_PROXY, "")
                if let username = configuration.username {
                    setup.string(CURLOPT_USERNAME, username)
                    setup.string(CURLOPT_PASSWORD, configuration.password?.reveal() ?? "")
                }
                setup.string(CURLOPT_MAIL_FROM, "<\(message.from)>")
                for address in message.to { recipients = curl_slist_append(recipients, "<\(address)>") }
                setup.pointer(CURLOPT_MAIL_RCPT, UnsafeRawPointer(recipients))
                setup.long(CURLOPT_UPLOAD, 1)
                setup.offset(CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.bytes.count))
                setup.check(sf_curl_setopt_read_function(handle, curlReadMail))
                setup.pointer(CURLOPT_READDATA, context)
                setup.check(sf_curl_setopt_xferinfo_function(handle, curlProgress))
                setup.pointer(CURLOPT_XFERINFODATA, transferContext)
                setup.long(CURLOPT_NOPROGRESS, 0)
                if let failure = setup.failure { return failure }
                return curl_easy_perform(handle)
            }
        }
        guard code != CURLE_OK else { return .success(()) }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let message = "\(redactedURL(configuration.url)): \(text)"
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .failure(SMTPError(.invalidURL, message, requestWasNotSent: true))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .failure(SMTPError(.couldNotConnect, message, requestWasNotSent: true))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(SMTPError(.timeout, message))
        case CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
            return .failure(SMTPError(.tls, message, requestWasNotSent: true))
        case CURLE_LOGIN_DENIED:
            return .failure(SMTPError(.authentication, message, requestWasNotSent: true))
        case CURLE_SEND_ERROR where detail.isEmpty, CURLE_RECV_ERROR where detail.isEmpty:
            return .failure(SMTPError(.transport, message))
        case CURLE_ABORTED_BY_CALLBACK:
            return .failure(SMTPError(.cancelled, "the mail was cancelled"))
        default:
            // 5xx replies to MAIL FROM / RCPT TO / DATA come back as CURLE_SEND_ERROR or
            // CURLE_RECV_ERROR with the server's words in the error buffer.
            let permanent = text.contains(" 5") || text.contains("(5")
            return .failure(SMTPError(permanent ? .rejected : .transport, message))
        }
    }

    /// The URL without any user information.
    static func redactedURL(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].firstIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(url[url.index(after: at)...])
    }
}
