import CGit2
import Foundation

/// The state libgit2's callbacks need during one connection: credentials by reference,
/// trusted SSH host keys, the transfer deadline, and the first failure a callback saw
/// (libgit2 only reports that "a callback returned an error"; this keeps the reason).
///
/// Passed to C as an unretained pointer; the connection that creates it keeps it alive.
/// Only touched on the thread running the libgit2 call.
final class GitRemoteCallbackContext {
    let location: GitSourceLocation
    let credentials: GitCredentials
    let environment: [String: String]
    let deadline: ContinuousClock.Instant
    let timeout: Duration
    /// The first reason a callback refused to go on.
    var failure: GitError?
    /// Secret values read during this connection, masked in every message built afterwards.
    private(set) var secrets: [String] = []
    private var tokenAttempts = 0
    private var keyAttempts = 0

    init(location: GitSourceLocation, credentials: GitCredentials, environment: [String: String], timeout: Duration) {
        self.location = location
        self.credentials = credentials
        self.environment = environment
        self.timeout = timeout
        deadline = ContinuousClock.now.advanced(by: timeout)
    }

    /// `text` with every secret read so far and the URL's user information masked.
    func redact(_ text: String) -> String {
        var text = text
        if case .remote(let url) = location, url != location.redacted {
            text = text.replacingOccurrences(of: url, with: location.redacted)
        }
        if case .remote(let url) = location, let userinfo = GitSourceLocation.userinfo(of: url) {
            text = text.replacingOccurrences(of: userinfo + "@", with: "***@")
        }
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text
    }

    // MARK: credentials

    func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?, allowed: UInt32
    ) -> Int32 {
        let allows = { (type: git_credential_t) in allowed & type.rawValue != 0 }
        do {
            if allows(GIT_CREDENTIAL_SSH_KEY), let keyFile = credentials.sshKeyFile {
                keyAttempts += 1
                guard keyAttempts == 1 else { return refuse("the server refused the SSH key \(keyFile)") }
                let passphrase = try credentials.sshPassphrase.map { source throws(GitError) in
                    try GitCredentials.resolve(source, environment: environment)
                }
                if let passphrase { secrets.append(passphrase) }
                let user = usernameFromURL ?? "git"
                return git_credential_ssh_key_new(out, user, nil, keyFile, passphrase)
            }
            if allows(GIT_CREDENTIAL_USERNAME) {
                return git_credential_username_new(out, usernameFromURL ?? "git")
            }
            if allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT), let token = credentials.token {
                tokenAttempts += 1
                guard tokenAttempts == 1 else {
                    // A user name written in the URL may itself be a token: it is never printed.
                    let user = usernameFromURL == nil ? "user \(credentials.username)" : "the user named in the URL"
                    return refuse("the server refused \(token) (\(user))")
                }
                let value = try GitCredentials.resolve(token, environment: environment)
                secrets.append(value)
                return git_credential_userpass_plaintext_new(out, usernameFromURL ?? credentials.username, value)
            }
        } catch {
            failure = failure ?? error
            return GIT_EUSER.rawValue
        }
        let hint = allows(GIT_CREDENTIAL_SSH_KEY)
            ? "pass the private key with --ssh-key PATH"
            : "pass a token by reference with --token-env NAME or --token-file PATH"
        failure = failure ?? GitError(.authentication, "\(location.redacted) asks for credentials and none are configured",
                                      hint: hint)
        return GIT_EUSER.rawValue
    }

    private func refuse(_ message: String) -> Int32 {
        failure = failure ?? GitError(.authentication, "\(message) for \(location.redacted)",
                                      hint: "check that the credential is valid, not expired, and may read the repository")
        return GIT_EUSER.rawValue
    }

    // MARK: host verification

    func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            // TLS: libgit2 has already checked the chain and host name against the CA bundle.
            return GIT_PASSTHROUGH.rawValue
        }
        let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        let port = location.hostAndPort?.port
        let fingerprint = Self.fingerprint(hostkey)
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
            failure = GitError(.hostVerification, "the SSH server \(host) did not offer its host key in a form that can be checked",
                               hint: "use an https:// URL with a token instead")
            return GIT_EUSER.rawValue
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: raw, count: hostkey.hostkey_len))
        let file = knownHostsFile
        let contents = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let portSuffix = port.map { $0 == 22 ? "" : " -p \($0)" } ?? ""
        switch GitKnownHosts(contents: contents).verify(host: host, port: port, key: key) {
        case .trusted:
            return 0
        case .unknown:
            failure = GitError(.hostVerification, "the SSH host key of \(host) (\(fingerprint)) is not in \(file)",
                               hint: "check the fingerprint, then add the key: ssh-keyscan\(portSuffix) \(host) >> \(file)")
        case .mismatch:
            failure = GitError(.hostVerification,
                               "the SSH host key of \(host) (\(fingerprint)) differs from the one in \(file); someone may be impersonating the server",
                               hint: "if the server's key really changed, replace its line in \(file)")
        case .revoked:
            failure = GitError(.hostVerification, "the SSH host key of \(host) (\(fingerprint)) is revoked in \(file)",
                               hint: "the server uses a key marked @revoked; ask its administrators")
        }
        return GIT_EUSER.rawValue
    }

    var knownHostsFile: String {
        if let file = credentials.knownHostsFile { return file }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.ssh/known_hosts"
    }

    private static func fingerprint(_ key: git_cert_hostkey) -> String {
        guard key.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 else { return "fingerprint unknown" }
        let bytes = withUnsafeBytes(of: key.hash_sha256) { Data($0) }
        return "SHA256:" + bytes.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    // MARK: progress

    /// False once the deadline has passed; the transfer is then aborted.
    func mayContinue() -> Bool {
        guard ContinuousClock.now < deadline else {
            failure = failure ?? GitError(.timeout, "fetching from \(location.redacted) took longer than \(timeout)",
                                          hint: "check the server and the network, or raise --git-timeout")
            return false
        }
        return true
    }

    /// libgit2's callback table pointing at this context. The closures capture nothing,
    /// so they convert to C function pointers.
    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowed, payload in
            guard let out, let payload else { return GIT_EUSER.rawValue }
            let context = Unmanaged<GitRemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue()
            return context.acquireCredential(out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let payload else { return GIT_EUSER.rawValue }
            let context = Unmanaged<GitRemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue()
            return context.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.transfer_progress = { _, payload in
            guard let payload else { return 0 }
            return Unmanaged<GitRemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue().mayContinue() ? 0 : -1
        }
        callbacks.sideband_progress = { _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<GitRemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue().mayContinue() ? 0 : -1
        }
        return callbacks
    }
}
