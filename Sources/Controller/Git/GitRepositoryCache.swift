import CGit2
import Foundation
import Spec

/// The one owner of libgit2 state for one repository: a local repository opened in place,
/// or a bare mirror of a remote in the cache directory, fetched incrementally.
///
/// libgit2 objects are not `Sendable`; they never leave this actor, which hands out
/// revisions, file bytes and errors only. Its jobs run on a serial queue of its own (see
/// ``GitQueueExecutor``), because libgit2 blocks while it talks to a server.
///
/// A poll of a remote costs one ref advertisement when nothing changed. When a ref moved,
/// only that ref is fetched (`+refs/heads/main:refs/heads/main`), so force-pushes are
/// followed and objects already in the cache are not sent again. A ref deleted on the
/// server is deleted in the cache. A cache entry that cannot be opened or read is removed
/// and cloned again, once per read.
public actor GitRepositoryCache {
    private let executor: GitQueueExecutor
    private let lease = GitLibraryLease()
    private let location: GitSourceLocation
    private let credentials: GitCredentials
    private let environment: [String: String]
    private let timeout: Duration
    private let cacheDirectory: String
    private var repository: GitRepositoryHandle?
    private var lock: GitCacheLock?
    private var verifiedCache = false
    /// Set when a damaged mirror was removed while opening it; reported once by `read`.
    private var rebuiltMirror = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// - Parameters:
    ///   - location: the repository, local or remote.
    ///   - credentials: references to credentials for a remote.
    ///   - cacheDirectory: where remote mirrors are kept (one bare repository per URL).
    ///   - timeout: the longest a fetch may transfer data for.
    ///   - environment: where credentials by reference are looked up.
    public init(location: GitSourceLocation, credentials: GitCredentials = .none, cacheDirectory: String,
                timeout: Duration = .seconds(120), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.location = location
        self.credentials = credentials
        self.cacheDirectory = cacheDirectory
        self.timeout = timeout
        self.environment = environment
        executor = GitQueueExecutor(label: "sfreconcile.git.\(Git.digest(location.normalizedURL))")
    }

    /// A cache for the repository a configuration names.
    public init(configuration: GitSourceConfiguration) {
        self.init(location: configuration.location, credentials: configuration.credentials,
                  cacheDirectory: configuration.cacheDirectory, timeout: configuration.timeout,
                  environment: configuration.environment)
    }

    /// The directory of the bare mirror for a remote URL: a readable name and a digest of
    /// the normalized URL (no credentials in it).
    public nonisolated var mirrorPath: String? {
        guard case .remote = location else { return nil }
        let normalized = location.normalizedURL
        var name = normalized.split(separator: "/").last.map(String.init) ?? "repository"
        if name.hasSuffix(".git") { name.removeLast(4) }
        name = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(40))
        return cacheDirectory + "/" + (name.isEmpty ? "repository" : name) + "-" + Git.digest(normalized) + ".git"
    }

    /// Resolves `ref` (fetching from a remote when it moved), and reads the spec files at
    /// `path` of that commit — unless it is `knownSHA`, the commit the caller already has,
    /// in which case nothing is read and ``GitTreeRead/files`` is nil. With `policy`, a new
    /// commit must carry a signature it allows, or the read fails with
    /// ``GitError/Kind/verificationFailed`` before any file is read.
    public func read(_ ref: GitReference, path: String, limits: YAMLLimits = .standard,
                     unlessAt knownSHA: String? = nil, verifying policy: GitSignaturePolicy? = nil) throws(GitError) -> GitTreeRead {
        let path = try GitSourceConfiguration.normalizedPath(path)
        switch location {
        case .localPath(let directory):
            let repository = try openLocal(directory)
            let (revision, commitID) = try resolveLocal(ref, in: repository.pointer, name: directory)
            if revision.sha == knownSHA { return GitTreeRead(revision: revision, files: nil) }
            let signature = try policy.map { policy throws(GitError) in
                try verify(commitID, revision: revision, policy: policy, in: repository.pointer)
            }
            do {
                let (files, diagnostics) = try GitTreeReader(repository: repository.pointer, limits: limits)
                    .read(commitID: commitID, path: path, revision: revision)
                var read = GitTreeRead(revision: revision, files: files, diagnostics: diagnostics)
                read.signature = signature
                return read
            } catch {
                switch error {
                case .pathNotFound(let error): throw error
                case .library(let failure):
                    throw GitError(.repositoryUnreadable, "reading \(revision) from \(directory) failed: \(failure.message)",
                                   hint: "run git fsck in the repository")
                }
            }
        case .remote(let url):
            if location.hasInlinePassword {
                throw GitError(.invalidConfiguration, "the repository URL \(location.redacted) carries a password or token",
                               hint: "remove it from the URL and pass it by reference with --token-env NAME or --token-file PATH")
            }
            return try withCacheLock { () throws(GitError) -> GitTreeRead in
                do throws(GitError) {
                    var read = try readRemote(url: url, ref: ref, path: path, limits: limits, knownSHA: knownSHA, policy: policy)
                    read.recloned = rebuiltMirror
                    rebuiltMirror = false
                    return read
                } catch where error.kind == .repositoryUnreadable {
                    // A damaged mirror: start from an empty one and fetch again.
                    try resetCache()
                    var read = try readRemote(url: url, ref: ref, path: path, limits: limits, knownSHA: knownSHA, policy: policy)
                    read.recloned = true
                    rebuiltMirror = false
                    return read
                }
            }
        }
    }

    // MARK: local repositories

    private func openLocal(_ directory: String) throws(GitError) -> GitRepositoryHandle {
        if let repository { return repository }
        var pointer: OpaquePointer?
        let code = git_repository_open_ext(&pointer, directory, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        guard code == 0, let pointer else {
            let failure = GitLibraryFailure(code: code)
            if failure.isNotFound {
                throw GitError(.repositoryNotFound, "there is no Git repository at \(directory)",
                               hint: "pass the repository's top directory (the one holding .git) or a URL to --repo; "
                                   + "a plain directory of spec files is passed without --repo")
            }
            throw GitError(.repositoryUnreadable, "the repository at \(directory) cannot be opened: \(failure.message)",
                           hint: "check its permissions; git refuses repositories owned by another user unless safe.directory allows them")
        }
        let handle = GitRepositoryHandle(pointer)
        repository = handle
        return handle
    }

    /// Resolves a ref in a repository the way `git rev-parse` would, naming the ref it
    /// went through.
    private func resolveLocal(_ ref: GitReference, in repository: OpaquePointer, name: String) throws(GitError)
        -> (GitRevision, git_oid) {
        var refName: String?
        var object: OpaquePointer?
        defer { git_object_free(object) }
        switch ref.storage {
        case .defaultBranch:
            var head: OpaquePointer?
            defer { git_reference_free(head) }
            let code = git_repository_head(&head, repository)
            guard code == 0, let head else {
                throw GitError(.refNotFound, "the repository at \(name) has no commits on its current branch yet",
                               hint: "commit the spec, or name a branch with --ref")
            }
            if git_repository_head_detached(repository) != 1 {
                refName = GitRevision.displayName(ofRef: String(cString: git_reference_name(head)))
            }
            _ = git_reference_peel(&object, head, GIT_OBJECT_COMMIT)
        case .name(let text):
            var reference: OpaquePointer?
            defer { git_reference_free(reference) }
            if git_reference_dwim(&reference, repository, text) == 0, let reference {
                refName = GitRevision.displayName(ofRef: String(cString: git_reference_name(reference)))
                _ = git_reference_peel(&object, reference, GIT_OBJECT_COMMIT)
            } else if git_revparse_single(&object, repository, text) != 0 {
                object = nil
            }
        case .commit(let sha, let seenOn):
            refName = seenOn
            if git_revparse_single(&object, repository, sha) != 0 { object = nil }
        }
        guard let found = object else {
            throw refNotFound(ref, in: name, branches: localRefs("refs/heads/", repository), tags: localRefs("refs/tags/", repository))
        }
        var commit: OpaquePointer?
        defer { git_object_free(commit) }
        guard git_object_peel(&commit, found, GIT_OBJECT_COMMIT) == 0, let commit, let id = git_object_id(commit) else {
            throw GitError(.refNotFound, "\(ref) in \(name) does not point at a commit", hint: "name a branch, tag or commit")
        }
        return (GitRevision(refName: refName, sha: Git.hex(id)), id.pointee)
    }

    private func localRefs(_ prefix: String, _ repository: OpaquePointer) -> [String] {
        var array = git_strarray()
        guard git_reference_list(&array, repository) == 0 else { return [] }
        return Git.strings(&array).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    // MARK: remote mirrors

    private func withCacheLock<R>(_ body: () throws(GitError) -> R) throws(GitError) -> R {
        guard let mirrorPath else { return try body() }
        if lock == nil {
            do {
                try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            } catch {
                throw GitError(.cacheUnusable, "the cache directory \(cacheDirectory) cannot be created",
                               hint: "check its parent's permissions, or pass another --cache-dir")
            }
            lock = try GitCacheLock(path: mirrorPath + ".lock")
        }
        return try lock!.withLock(timeout: timeout, body)
    }

    private func openCache() throws(GitError) -> GitRepositoryHandle {
        if let repository { return repository }
        guard let mirrorPath else { throw GitError(.cacheUnusable, "no cache for a local repository") }
        var pointer: OpaquePointer?
        if FileManager.default.fileExists(atPath: mirrorPath) {
            if git_repository_open_bare(&pointer, mirrorPath) != 0 || pointer == nil {
                // Not a repository any more: rebuilt below.
                pointer = nil
                try removeMirror()
                rebuiltMirror = true
            }
        }
        if pointer == nil {
            let code = git_repository_init(&pointer, mirrorPath, 1)
            guard code == 0, pointer != nil else {
                throw GitError(.cacheUnusable, "the cache entry \(mirrorPath) cannot be created: \(GitLibraryFailure(code: code).message)",
                               hint: "check that the cache directory is writable, or pass another --cache-dir")
            }
            verifiedCache = true
        }
        let handle = GitRepositoryHandle(pointer!)
        repository = handle
        if !verifiedCache {
            try verifyRefs(handle.pointer)
            verifiedCache = true
        }
        return handle
    }

    /// Every ref of the mirror points at an object that exists; else it is damaged.
    private func verifyRefs(_ repository: OpaquePointer) throws(GitError) {
        var array = git_strarray()
        guard git_reference_list(&array, repository) == 0 else {
            throw GitError(.repositoryUnreadable, "the refs of the cache entry cannot be listed")
        }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0 else {
            throw GitError(.repositoryUnreadable, "the object database of the cache entry cannot be opened")
        }
        defer { git_odb_free(odb) }
        for name in Git.strings(&array) {
            var id = git_oid()
            guard git_reference_name_to_id(&id, repository, name) == 0, git_odb_exists(odb, &id) == 1 else {
                throw GitError(.repositoryUnreadable, "the cache entry's ref \(name) points at a missing object")
            }
        }
    }

    private func resetCache() throws(GitError) {
        repository = nil
        try removeMirror()
        verifiedCache = false
    }

    private func removeMirror() throws(GitError) {
        guard let mirrorPath, FileManager.default.fileExists(atPath: mirrorPath) else { return }
        do {
            try FileManager.default.removeItem(atPath: mirrorPath)
        } catch {
            throw GitError(.cacheUnusable, "the damaged cache entry \(mirrorPath) cannot be removed",
                           hint: "remove it by hand, or pass another --cache-dir")
        }
    }

    private func readRemote(url: String, ref: GitReference, path: String, limits: YAMLLimits,
                            knownSHA: String?, policy: GitSignaturePolicy?) throws(GitError) -> GitTreeRead {
        let repository = try openCache().pointer
        var downloaded = false
        let revision: GitRevision
        let commitID: git_oid

        if case .commit(let sha, let seenOn) = ref.storage, let id = commit(matching: sha, in: repository) {
            // A pinned commit already in the cache: commits never change, no network needed.
            revision = GitRevision(refName: seenOn, sha: Git.hex(id))
            commitID = id
        } else {
            let context = GitRemoteCallbackContext(location: location, credentials: credentials,
                                                   environment: environment, timeout: timeout)
            let connection = try GitRemoteConnection(repository: repository, url: url, context: context)
            if let (name, advertisedID) = match(ref, in: connection) {
                let localName = name == "HEAD" ? "refs/sfreconcile/remote-HEAD" : name
                var localID = git_oid()
                let isCurrent = git_reference_name_to_id(&localID, repository, localName) == 0
                    && Git.equal(localID, advertisedID) && exists(advertisedID, in: repository)
                if !isCurrent {
                    try connection.fetch(refspecs: ["+\(name):\(localName)"])
                    downloaded = true
                    guard git_reference_name_to_id(&localID, repository, localName) == 0, Git.equal(localID, advertisedID) else {
                        throw GitError(.repositoryUnreadable, "after fetching, the cache's \(localName) does not match the server")
                    }
                }
                guard let id = peelToCommit(advertisedID, in: repository) else {
                    throw GitError(.refNotFound, "\(GitRevision.displayName(ofRef: name)) in \(location.redacted) does not point at a commit",
                                   hint: "name a branch, tag or commit")
                }
                commitID = id
                revision = GitRevision(refName: name == "HEAD" ? nil : GitRevision.displayName(ofRef: name),
                                       sha: Git.hex(id))
            } else if let sha = ref.possibleSHA {
                if commit(matching: sha, in: repository) == nil {
                    try connection.fetch(refspecs: ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"])
                    downloaded = true
                }
                guard let id = commit(matching: sha, in: repository) else {
                    throw GitError(.refNotFound, "commit \(sha) is on no branch or tag of \(location.redacted)",
                                   hint: "check the SHA; a commit must be reachable from a branch or tag to be fetched")
                }
                commitID = id
                var seenOn: String?
                if case .commit(_, let name) = ref.storage { seenOn = name }
                revision = GitRevision(refName: seenOn, sha: Git.hex(id))
            } else {
                // The ref is gone on the server (or never existed): drop the cache's copy.
                for name in ref.candidateRefNames { deleteReference(name, in: repository) }
                if case .defaultBranch = ref.storage, connection.advertised.isEmpty {
                    throw GitError(.refNotFound, "the repository at \(location.redacted) has no branches yet",
                                   hint: "push a commit holding the spec")
                }
                throw refNotFound(ref, in: location.redacted, branches: connection.branchNames.sorted(),
                                  tags: connection.tagNames.sorted())
            }
        }

        if revision.sha == knownSHA {
            return GitTreeRead(revision: revision, files: nil, downloaded: downloaded)
        }
        let signature = try policy.map { policy throws(GitError) in
            try verify(commitID, revision: revision, policy: policy, in: repository)
        }
        do {
            let (files, diagnostics) = try GitTreeReader(repository: repository, limits: limits)
                .read(commitID: commitID, path: path, revision: revision)
            var read = GitTreeRead(revision: revision, files: files, diagnostics: diagnostics, downloaded: downloaded)
            read.signature = signature
            return read
        } catch {
            switch error {
            case .pathNotFound(let error): throw error
            case .library(let failure):
                throw GitError(.repositoryUnreadable, "reading \(revision) from the cache failed: \(failure.message)")
            }
        }
    }

    /// Checks the commit's signature; throws when it is missing or not allowed.
    private func verify(_ commitID: git_oid, revision: GitRevision, policy: GitSignaturePolicy,
                        in repository: OpaquePointer) throws(GitError) -> GitSignatureCheck {
        var id = commitID
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        let code = git_commit_extract_signature(&signature, &signedData, repository, &id, nil)
        func bytes(_ buffer: git_buf) -> [UInt8] {
            guard let pointer = buffer.ptr, buffer.size > 0 else { return [] }
            return [UInt8](UnsafeRawBufferPointer(start: pointer, count: buffer.size))
        }
        if code != 0 && code != GIT_ENOTFOUND.rawValue {
            throw GitError(.repositoryUnreadable, "the signature of \(revision) cannot be read: \(GitLibraryFailure(code: code).message)")
        }
        let check = GitSignatureVerifier(policy: policy)
            .check(signature: code == 0 ? bytes(signature) : nil, signedData: bytes(signedData), revision: revision)
        guard check.isVerified else {
            throw GitError(.verificationFailed, "\(revision) is not verified: \(check.message)",
                           hint: "sign the commit with an allowed key (git commit -S), or add the signer's key to the allowed keys",
                           revision: revision)
        }
        return check
    }

    /// The advertised ref `ref` names, as (full name, id).
    private func match(_ ref: GitReference, in connection: GitRemoteConnection) -> (String, git_oid)? {
        switch ref.storage {
        case .defaultBranch:
            if let branch = connection.defaultBranch, let id = connection.id(of: branch) { return (branch, id) }
            return connection.id(of: "HEAD").map { ("HEAD", $0) }
        case .name:
            for name in ref.candidateRefNames {
                if let id = connection.id(of: name) { return (name, id) }
            }
            return nil
        case .commit:
            return nil
        }
    }

    private func exists(_ id: git_oid, in repository: OpaquePointer) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0 else { return false }
        defer { git_odb_free(odb) }
        var id = id
        return git_odb_exists(odb, &id) == 1
    }

    private func peelToCommit(_ id: git_oid, in repository: OpaquePointer) -> git_oid? {
        var id = id
        var object: OpaquePointer?
        var commit: OpaquePointer?
        defer {
            git_object_free(commit)
            git_object_free(object)
        }
        guard git_object_lookup(&object, repository, &id, GIT_OBJECT_ANY) == 0,
              git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let target = git_object_id(commit) else { return nil }
        return target.pointee
    }

    /// The commit whose SHA starts with `sha` (4 to 40 hex digits), if the cache has it.
    private func commit(matching sha: String, in repository: OpaquePointer) -> git_oid? {
        var prefix = git_oid()
        guard git_oid_fromstrn(&prefix, sha, sha.utf8.count) == 0 else { return nil }
        var object: OpaquePointer?
        defer { git_object_free(object) }
        guard git_object_lookup_prefix(&object, repository, &prefix, sha.utf8.count, GIT_OBJECT_COMMIT) == 0,
              let id = git_object_id(object) else { return nil }
        return id.pointee
    }

    private func deleteReference(_ name: String, in repository: OpaquePointer) {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, repository, name) == 0 else { return }
        git_reference_delete(reference)
        git_reference_free(reference)
    }

    private func refNotFound(_ ref: GitReference, in name: String, branches: [String], tags: [String]) -> GitError {
        func list(_ names: [String]) -> String {
            names.isEmpty ? "none" : names.prefix(10).joined(separator: ", ") + (names.count > 10 ? " and \(names.count - 10) more" : "")
        }
        var hint = "branches: \(list(branches)); tags: \(list(tags))"
        if let close = Suggestions.closest(to: ref.description, in: branches + tags) {
            hint = "did you mean \"\(close)\"? " + hint
        }
        let what: String
        switch ref.storage {
        case .defaultBranch: what = "the default branch (HEAD)"
        case .name(let text): what = "ref \"\(text)\""
        case .commit(let sha, _): what = "commit \(sha)"
        }
        return GitError(.refNotFound, "\(what) not found in \(name)", hint: hint)
    }
}
