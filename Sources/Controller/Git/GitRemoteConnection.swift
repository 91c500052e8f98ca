import CGit2

/// One connection to a remote for one poll: lists the refs the server advertises (the
/// whole cost of a poll that finds nothing new) and downloads only what a ref needs.
///
/// Lives inside ``GitRepositoryCache``'s isolation; freed (and disconnected) with it.
final class GitRemoteConnection {
    /// A ref as the server advertised it.
    struct AdvertisedRef {
        var name: String
        var id: git_oid
    }

    private let remote: OpaquePointer
    let context: GitRemoteCallbackContext
    /// Every ref the server advertised (`HEAD`, `refs/heads/…`, `refs/tags/…`, …), peeled
    /// tag entries (`^{}`) left out.
    private(set) var advertised: [AdvertisedRef] = []
    /// The full name of the server's default branch (`refs/heads/main`), when it says.
    private(set) var defaultBranch: String?

    init(repository: OpaquePointer, url: String, context: GitRemoteCallbackContext) throws(GitError) {
        self.context = context
        var created: OpaquePointer?
        let code = git_remote_create_anonymous(&created, repository, url)
        guard code == 0, let created else {
            throw GitError(.invalidConfiguration, "\(context.location.redacted) is not a URL libgit2 can fetch from: "
                           + context.redact(GitLibraryFailure(code: code).message),
                           hint: "use file://, git://, http(s):// or ssh://")
        }
        remote = created
        var callbacks = context.callbacks()
        var proxy = Self.proxyOptions()
        let connected = git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil)
        if connected < 0 {
            // Every stored property is set: throwing runs deinit, which frees the remote.
            throw Self.translate(GitLibraryFailure(code: connected), context: context, action: "connect to")
        }
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        if git_remote_ls(&heads, &count, remote) == 0, let heads {
            for index in 0..<count {
                guard let head = heads[index] else { continue }
                let name = String(cString: head.pointee.name)
                if name.hasSuffix("^{}") { continue }
                advertised.append(AdvertisedRef(name: name, id: head.pointee.oid))
            }
        }
        var buffer = git_buf()
        if git_remote_default_branch(&buffer, remote) == 0, let pointer = buffer.ptr {
            defaultBranch = String(cString: pointer)
        }
        git_buf_dispose(&buffer)
    }

    deinit {
        git_remote_disconnect(remote)
        git_remote_free(remote)
    }

    /// The advertised id of a full ref name.
    func id(of name: String) -> git_oid? {
        advertised.first { $0.name == name }?.id
    }

    /// Short names of the advertised branches and tags, for "did you mean" advice.
    var branchNames: [String] { advertised.compactMap { $0.name.hasPrefix("refs/heads/") ? String($0.name.dropFirst(11)) : nil } }
    var tagNames: [String] { advertised.compactMap { $0.name.hasPrefix("refs/tags/") ? String($0.name.dropFirst(10)) : nil } }

    /// Downloads what `refspecs` need (negotiating with the refs the cache holds, so only
    /// new objects travel) and moves the local refs they name.
    func fetch(refspecs: [String]) throws(GitError) {
        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.callbacks = context.callbacks()
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.prune = GIT_FETCH_NO_PRUNE
        options.update_fetchhead = 0
        options.proxy_opts = Self.proxyOptions()
        do {
            _ = try Git.withStrarray(refspecs) { (array) throws(GitLibraryFailure) in
                try Git.check(git_remote_download(remote, array, &options))
            }
            var callbacks = context.callbacks()
            try Git.check(git_remote_update_tips(remote, &callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, nil))
        } catch {
            if context.failure == nil && Self.isLocalFailure(error) {
                throw GitError(.repositoryUnreadable, "the cached copy of \(context.location.redacted) failed while fetching: "
                               + context.redact(error.message), hint: "the cache entry is rebuilt by cloning again")
            }
            throw Self.translate(error, context: context, action: "fetch from")
        }
    }

    /// Proxies as git finds them: `http.proxy` in the configuration, else the
    /// `https_proxy`/`http_proxy` environment variables (libgit2's automatic mode).
    static func proxyOptions() -> git_proxy_options {
        var proxy = git_proxy_options()
        git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION))
        proxy.type = GIT_PROXY_AUTO
        return proxy
    }

    /// Errors whose class says the local object database failed, not the transfer.
    static func isLocalFailure(_ failure: GitLibraryFailure) -> Bool {
        [GIT_ERROR_ODB, GIT_ERROR_OBJECT, GIT_ERROR_ZLIB, GIT_ERROR_REPOSITORY, GIT_ERROR_REFERENCE, GIT_ERROR_OS,
         GIT_ERROR_FILESYSTEM].map { Int32($0.rawValue) }.contains(failure.errorClass)
    }

    /// A libgit2 failure during network work, as advice; a callback's own reason wins.
    static func translate(_ failure: GitLibraryFailure, context: GitRemoteCallbackContext, action: String) -> GitError {
        if let reason = context.failure { return reason }
        let location = context.location.redacted
        let detail = context.redact(failure.message)
        if failure.isAuthentication {
            return GitError(.authentication, "\(location) refused the credentials: \(detail)",
                            hint: "check \(context.credentials) and that it may read the repository")
        }
        if failure.isCertificate || failure.errorClass == Int32(GIT_ERROR_SSL.rawValue) {
            return GitError(.hostVerification, "the TLS certificate of \(location) cannot be verified: \(detail)",
                            hint: "use the host name the certificate was issued for (an IP address fails the name check), "
                                + "and make sure the CA is in the system's bundle")
        }
        let lowered = detail.lowercased()
        if lowered.contains("404") || lowered.contains("not found") || lowered.contains("not exported")
            || lowered.contains("no such repository")
            || lowered.contains("does not appear to be a git repository") || lowered.contains("could not find repository")
            || lowered.contains("failed to resolve path") {
            return GitError(.repositoryNotFound, "there is no repository at \(location): \(detail)",
                            hint: "check the URL; for a private repository also the credentials")
        }
        if lowered.contains("401") || lowered.contains("403") || lowered.contains("authentication") {
            return GitError(.authentication, "\(location) refused access: \(detail)",
                            hint: "check \(context.credentials) and that it may read the repository")
        }
        return GitError(.network, "could not \(action) \(location): \(detail)",
                        hint: "check that the server is up and reachable; the last good revision stays in use meanwhile")
    }
}
