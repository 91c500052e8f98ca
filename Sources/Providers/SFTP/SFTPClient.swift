import CCurl
import Foundation

/// One entry of a remote directory.
public struct SFTPFile: Sendable, Hashable {
    public var name: String
    /// Size in bytes, when asked for and reported.
    public var size: Int?
    /// Last modification, when asked for and reported (whole seconds).
    public var modified: Date?

    public init(name: String, size: Int? = nil, modified: Date? = nil) {
        self.name = name
        self.size = size
        self.modified = modified
    }
}

/// A small SFTP client over libcurl (libssh2): reads small files and lists directories with
/// the size and modification time of the files one cares about.
///
/// Each operation opens one SSH connection, does all its requests on it (a listing and a
/// stat per file need a single login) and closes it. It runs on a thread of its own, never
/// on Swift's cooperative pool; cancelling the calling task stops it. The host key is
/// checked against `configuration.knownHostsFile` when one is set — libcurl then refuses
/// unknown and changed keys — and not at all otherwise (see `warnings`).
public struct SFTPClient: Sendable {
    public let configuration: SFTPConfiguration

    public init(configuration: SFTPConfiguration) {
        self.configuration = configuration
    }

    /// Insecure settings an admin should know about.
    public var warnings: [String] { configuration.warnings }

    /// Reads the file at `path` whole (at most `configuration.maxFileBytes`).
    public func read(_ path: String) async throws(SFTPError) -> Data {
        try await run { session throws(SFTPError) in try session.read(path) }
    }

    /// Lists `directory` (without `.` and `..`), adding size and modification time for the
    /// names `details` picks; those cost one round trip each, on the same connection. A file
    /// that disappears between the listing and its stat is left out.
    /// - Throws: `.notFound` when the directory does not exist.
    public func list(_ directory: String,
                     detailsFor details: @escaping @Sendable (String) -> Bool = { _ in true }) async throws(SFTPError) -> [SFTPFile] {
        try await run { session throws(SFTPError) in
            var files: [SFTPFile] = []
            for name in try session.names(in: directory) {
                guard details(name) else {
                    files.append(SFTPFile(name: name))
                    continue
                }
                do throws(SFTPError) {
                    files.append(try session.stat(Self.join(directory, name), name: name))
                } catch where error.kind == .notFound {
                    continue   // removed meanwhile (retention), so not a backup any more
                }
            }
            return files
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") || directory.isEmpty ? directory + name : directory + "/" + name
    }

    /// Runs `body` with a fresh session on a thread of its own.
    private func run<T: Sendable>(_ body: @escaping @Sendable (SFTPSession) throws(SFTPError) -> T) async throws(SFTPError) -> T {
        let configuration = self.configuration
        let transfer = CurlTransfer(limit: max(configuration.maxFileBytes, 16 << 20))
        let result: Result<T, SFTPError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { transfer.cancel() }
                let thread = Thread {
                    guard CurlGlobal.initialized, let session = SFTPSession(configuration: configuration, transfer: transfer) else {
                        continuation.resume(returning: .failure(SFTPError(.transport, "libcurl could not create a handle", path: "")))
                        return
                    }
                    do throws(SFTPError) {
                        continuation.resume(returning: .success(try body(session)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                thread.name = "sfreconcile-sftp"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}

/// One SSH connection's worth of SFTP requests on one libcurl easy handle; lives on one
/// thread from creation to release.
final class SFTPSession {
    private let handle: UnsafeMutableRawPointer
    private let configuration: SFTPConfiguration
    private let transfer: CurlTransfer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let deadline: ContinuousClock.Instant

    init?(configuration: SFTPConfiguration, transfer: CurlTransfer) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.configuration = configuration
        self.transfer = transfer
        self.deadline = ContinuousClock.now + configuration.timeout
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The whole file at `path`.
    func read(_ path: String) throws(SFTPError) -> Data {
        try perform(configuration.url(path), path: path, listOnly: false, noBody: false)
        guard transfer.body.count <= configuration.maxFileBytes else {
            throw SFTPError(.tooLarge, "the file is larger than \(configuration.maxFileBytes) bytes", path: path)
        }
        return transfer.body
    }

    /// The names in `directory`, without `.` and `..`.
    func names(in directory: String) throws(SFTPError) -> [String] {
        try perform(configuration.url(directory, directory: true), path: directory, listOnly: true, noBody: false)
        return String(decoding: transfer.body, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .filter { $0 != "." && $0 != ".." && !$0.isEmpty }
    }

    /// Size and modification time of the file at `path`, without reading it.
    func stat(_ path: String, name: String) throws(SFTPError) -> SFTPFile {
        try perform(configuration.url(path), path: path, listOnly: false, noBody: true)
        var time: curl_off_t = -1
        var length: curl_off_t = -1
        _ = sf_curl_getinfo_off(handle, CURLINFO_FILETIME_T, &time)
        _ = sf_curl_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        return SFTPFile(name: name, size: length >= 0 ? Int(length) : nil,
                        modified: time >= 0 ? Date(timeIntervalSince1970: TimeInterval(time)) : nil)
    }

    /// One request on the session's handle; the answer is in `transfer.body`.
    private func perform(_ url: String, path: String, listOnly: Bool, noBody: Bool) throws(SFTPError) {
        if transfer.cancelled.load(ordering: .relaxed) { throw SFTPError(.cancelled, "cancelled", path: path) }
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else {
            throw SFTPError(.timeout, "the operation took longer than \(configuration.timeout)", path: path)
        }
        transfer.body = Data()
        transfer.exceededLimit = false
        errorBuffer[0] = 0
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var setup = CurlEasy.Setup(handle: handle)
        setup.long(CURLOPT_NOSIGNAL, 1)
        setup.string(CURLOPT_URL, url)
        setup.string(CURLOPT_PROTOCOLS_STR, "sftp")
        setup.pointer(CURLOPT_ERRORBUFFER, errorBuffer)
        setup.long(CURLOPT_CONNECTTIMEOUT_MS, max(1, min(configuration.connectTimeout, remaining).wholeMilliseconds))
        setup.long(CURLOPT_TIMEOUT_MS, max(1, remaining.wholeMilliseconds))
        setup.string(CURLOPT_USERNAME, configuration.user)
        switch configuration.authentication {
        case .privateKey(let key, let publicKey):
            setup.long(CURLOPT_SSH_AUTH_TYPES, Int(CURLSSH_AUTH_PUBLICKEY))
            setKeyFiles(&setup, key: key, publicKey: publicKey)
        case .password(let password):
            setup.long(CURLOPT_SSH_AUTH_TYPES, Int(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD))
            setup.string(CURLOPT_PASSWORD, password.reveal())
        case .privateKeyOrPassword(let key, let publicKey, let password):
            setup.long(CURLOPT_SSH_AUTH_TYPES, Int(CURLSSH_AUTH_PUBLICKEY | CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD))
            setKeyFiles(&setup, key: key, publicKey: publicKey)
            setup.string(CURLOPT_PASSWORD, password.reveal())
        }
        if let knownHosts = configuration.knownHostsFile { setup.string(CURLOPT_SSH_KNOWNHOSTS, knownHosts) }
        setup.long(CURLOPT_DIRLISTONLY, listOnly ? 1 : 0)
        setup.long(CURLOPT_NOBODY, noBody ? 1 : 0)
        setup.long(CURLOPT_FILETIME, noBody ? 1 : 0)
        setup.check(sf_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
        setup.pointer(CURLOPT_WRITEDATA, context)
        setup.check(sf_curl_setopt_xferinfo_function(handle, curlProgress))
        setup.pointer(CURLOPT_XFERINFODATA, context)
        setup.long(CURLOPT_NOPROGRESS, 0)
        let code: CURLcode = withExtendedLifetime(transfer) {
            if let failure = setup.failure { return failure }
            return curl_easy_perform(handle)
        }
        guard code != CURLE_OK else { return }
        let detail = String(cString: errorBuffer)
        throw Self.error(for: code, message: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail, path: path,
                         exceededLimit: transfer.exceededLimit)
    }

    private func setKeyFiles(_ setup: inout CurlEasy.Setup, key: String, publicKey: String?) {
        setup.string(CURLOPT_SSH_PRIVATE_KEYFILE, key)
        // libssh2 derives the public key from the private one; name a .pub file only when
        // one is given or lies beside the key (older key formats need it).
        if let publicKey = publicKey ?? (FileManager.default.fileExists(atPath: key + ".pub") ? key + ".pub" : nil) {
            setup.string(CURLOPT_SSH_PUBLIC_KEYFILE, publicKey)
        }
    }

    static func error(for code: CURLcode, message: String, path: String, exceededLimit: Bool) -> SFTPError {
        let raw = Int(code.rawValue)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return SFTPError(.unreachable, message, path: path, curlCode: raw)
        case CURLE_OPERATION_TIMEDOUT:
            return SFTPError(.timeout, message, path: path, curlCode: raw)
        case CURLE_PEER_FAILED_VERIFICATION:
            return SFTPError(.hostKey, "the server's host key is not the one in the known_hosts file (\(message))", path: path, curlCode: raw)
        case CURLE_LOGIN_DENIED:
            return SFTPError(.auth, "login refused (\(message))", path: path, curlCode: raw)
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return SFTPError(.notFound, "no such file or directory", path: path, curlCode: raw)
        case CURLE_REMOTE_ACCESS_DENIED:
            return SFTPError(.permission, "permission denied (\(message))", path: path, curlCode: raw)
        case CURLE_FILESIZE_EXCEEDED:
            return SFTPError(.tooLarge, message, path: path, curlCode: raw)
        case CURLE_WRITE_ERROR where exceededLimit:
            return SFTPError(.tooLarge, "the answer is too large", path: path, curlCode: raw)
        case CURLE_ABORTED_BY_CALLBACK:
            return SFTPError(.cancelled, "cancelled", path: path, curlCode: raw)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            return SFTPError(.connectionLost, message, path: path, curlCode: raw)
        default:
            return SFTPError(.transport, message, path: path, curlCode: raw)
        }
    }
}
