import Foundation
import Spec

/// A spec followed in Git, as the loop polls it: each ``poll()`` resolves the ref, loads
/// the spec only when the revision is new, and folds the outcome into a Flux-like
/// ``GitSourceStatus``.
///
/// Failure semantics: a fetch error keeps the last good spec and surfaces the error; a
/// new commit with an invalid spec keeps the last good spec and reports the bad revision
/// with its diagnostics; a poll that finds the revision it already tried does no work
/// beyond asking the server for its refs.
public actor GitSource {
    public nonisolated let configuration: GitSourceConfiguration
    private let cache: GitRepositoryCache
    private let reader: SpecSourceReader
    private let now: @Sendable () -> Date
    public private(set) var status = GitSourceStatus()
    /// The poll under way; a second caller waits for it instead of starting another.
    private var inFlight: Task<GitSourceStatus, Never>?

    /// - Parameters:
    ///   - configuration: the repository, ref, path, credentials and cache directory.
    ///   - loader: loads and validates the spec files.
    ///   - now: the clock status times are taken from.
    public init(configuration: GitSourceConfiguration, loader: SpecLoader = SpecLoader(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        cache = GitRepositoryCache(configuration: configuration)
        reader = SpecSourceReader(loader: loader)
        self.now = now
    }

    /// Polls once and returns the new status. Callers arriving while a poll is under way
    /// (a webhook during the interval's poll) share its result rather than start another.
    @discardableResult
    public func poll() async -> GitSourceStatus {
        if let inFlight { return await inFlight.value }
        let task = Task { await self.pollNow() }
        inFlight = task
        let result = await task.value
        inFlight = nil
        return result
    }

    private func pollNow() async -> GitSourceStatus {
        let outcome = await fetch()
        status = status.reconciled(by: outcome, at: now())
        return status
    }

    private func fetch() async -> GitPollOutcome {
        do {
            try configuration.validate()
            let read = try await cache.read(configuration.ref, path: configuration.path, limits: reader.loader.limits,
                                            unlessAt: status.lastAttemptedRevision?.sha, verifying: configuration.verification)
            if read.isUnchanged { return .unchanged(read.revision) }
            let snapshot = reader.snapshot(of: read, configuration: configuration)
            return snapshot.result.isValid ? .accepted(snapshot) : .rejected(read.revision, snapshot.result.diagnostics)
        } catch {
            if error.kind == .verificationFailed, let revision = error.revision {
                return .unverified(GitSignatureCheck(revision: revision, isVerified: false, message: error.message))
            }
            if error.kind == .pathNotFound, let revision = error.revision {
                // A commit without the spec's directory is a bad commit, not a fetch failure.
                let location = configuration.path.isEmpty ? "." : configuration.path
                return .rejected(revision, [Diagnostic(.error, .noSpecFiles, at: .file(location), error.message, hint: error.hint)])
            }
            return .failed(error)
        }
    }
}
