import CCurl

/// A libcurl share handle: one client's cookie jar, DNS cache, TLS sessions and connection
/// pool, used by its transfers on several threads. libcurl serialises access through the
/// lock callbacks set up in the C shim, which is why this may be `@unchecked Sendable`.
final class CurlShare: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<sf_curl_share>

    init?(cookies: Bool) {
        guard let pointer = sf_curl_share_create(cookies ? 1 : 0) else { return nil }
        self.pointer = pointer
    }

    /// The `CURLSH *` to hand to `CURLOPT_SHARE`.
    var handle: UnsafeMutableRawPointer? { pointer.pointee.handle }

    deinit {
        sf_curl_share_destroy(pointer)
    }
}

/// libcurl's process-wide initialisation, done once before the first handle is made.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(SF_CURL_GLOBAL_DEFAULT) == CURLE_OK
}
