import Foundation
import Spec

/// The state of a Git source as Flux's source-controller keeps it: the last good spec
/// (the "artifact") apart from the newest attempt, the error of the last poll, and
/// conditions derived from them. A value; ``reconciled(by:at:)`` is the one pure function
/// that moves it forward.
public struct GitSourceStatus: Sendable {
    /// The newest spec that loaded without errors: what plans and the loop act on. Kept
    /// when a later revision is invalid or the server cannot be reached.
    public var artifact: SpecSnapshot?
    /// When ``artifact`` was stored.
    public var artifactStoredAt: Date?
    /// The newest revision the ref was seen at, valid or not.
    public var lastAttemptedRevision: GitRevision?
    /// Set while the newest revision's spec is invalid: that revision and why.
    public var rejectedRevision: GitRevision?
    public var rejectedDiagnostics: [Diagnostic] = []
    /// The newest signature check, when signatures are required: verified for the artifact,
    /// or the reason the newest revision was refused.
    public var signature: GitSignatureCheck?
    /// Set while polls fail; cleared by the next poll that reaches the repository.
    public var lastError: GitError?
    /// Polls in a row that ended in ``lastError``.
    public var consecutiveFailures = 0
    public var lastPollAt: Date?
    /// What the last poll found.
    public var lastOutcome: Outcome?
    /// `Ready` first, then the abnormal conditions that are true.
    public var conditions: [GitSourceCondition] = []
    /// Polls so far, and how many of them loaded a spec (the others found nothing new or failed).
    public var polls = 0
    public var loads = 0

    /// The kind of the last poll's outcome.
    public enum Outcome: String, Sendable, Hashable {
        case unchanged, accepted, rejected, unverified, failed
    }

    public init() {}

    /// True when the newest revision's spec is the one in use.
    public var isReady: Bool { condition(.ready)?.status == true }

    public func condition(_ kind: GitSourceCondition.Kind) -> GitSourceCondition? {
        conditions.first { $0.kind == kind }
    }

    /// The status after a poll with `outcome` at `now`. Pure: the same inputs give the same
    /// status, which is what makes every failure path testable without a server.
    public func reconciled(by outcome: GitPollOutcome, at now: Date) -> GitSourceStatus {
        var next = self
        next.polls += 1
        next.lastPollAt = now
        switch outcome {
        case .unchanged(let revision):
            next.lastOutcome = .unchanged
            next.lastAttemptedRevision = revision
            next.lastError = nil
            next.consecutiveFailures = 0
        case .accepted(let snapshot):
            next.lastOutcome = .accepted
            next.loads += 1
            next.artifact = snapshot
            next.artifactStoredAt = now
            next.lastAttemptedRevision = snapshot.revision
            next.signature = snapshot.signature
            next.rejectedRevision = nil
            next.rejectedDiagnostics = []
            next.lastError = nil
            next.consecutiveFailures = 0
        case .rejected(let revision, let diagnostics):
            next.lastOutcome = .rejected
            next.loads += 1
            next.lastAttemptedRevision = revision
            next.rejectedRevision = revision
            next.rejectedDiagnostics = diagnostics
            if next.signature?.isVerified == false { next.signature = nil }
            next.lastError = nil
            next.consecutiveFailures = 0
        case .unverified(let check):
            next.lastOutcome = .unverified
            next.lastAttemptedRevision = check.revision
            next.signature = check
            next.rejectedRevision = nil
            next.rejectedDiagnostics = []
            next.lastError = nil
            next.consecutiveFailures = 0
        case .failed(let error):
            next.lastOutcome = .failed
            next.lastError = error
            next.consecutiveFailures += 1
        }
        next.conditions = next.derivedConditions(previous: conditions, now: now)
        return next
    }

    /// How long to wait before the next poll: the interval after success; after a transient
    /// failure, `retryInterval` doubled per failure in a row, at most the interval. The
    /// caller adds jitter.
    public func nextPollDelay(interval: Duration, retryInterval: Duration) -> Duration {
        guard let lastError, lastError.retry == .transient else { return interval }
        let factor = 1 << min(consecutiveFailures - 1, 10)
        return min(retryInterval * factor, interval)
    }

    private func derivedConditions(previous: [GitSourceCondition], now: Date) -> [GitSourceCondition] {
        func make(_ kind: GitSourceCondition.Kind, _ status: Bool, _ reason: GitSourceCondition.Reason,
                  _ message: String) -> GitSourceCondition {
            .derived(kind, status, reason, message, previous: previous, now: now)
        }
        var abnormal: [GitSourceCondition] = []
        var ready: GitSourceCondition
        if let lastError {
            let reason = Self.reason(for: lastError)
            abnormal.append(make(.fetchFailed, true, reason, lastError.message))
            if lastError.retry == .stalling { abnormal.append(make(.stalled, true, reason, lastError.message)) }
            ready = make(.ready, false, reason, lastError.message + keeping)
        } else if let signature, !signature.isVerified {
            ready = make(.ready, false, .invalidCommitSignature, signature.message + keeping)
        } else if let rejectedRevision {
            let message = "revision \(rejectedRevision) is invalid: \(Self.summary(of: rejectedDiagnostics))" + keeping
            abnormal.append(make(.specInvalid, true, .validationFailed, message))
            ready = make(.ready, false, .validationFailed, message)
        } else if let artifact, let revision = artifact.revision {
            ready = make(.ready, true, .succeeded, "stored the spec of revision \(revision)")
        } else {
            ready = make(.ready, false, .progressing, "no revision fetched yet")
        }
        if lastError != nil, let rejectedRevision {
            abnormal.append(make(.specInvalid, true, .validationFailed,
                                 "revision \(rejectedRevision) is invalid: \(Self.summary(of: rejectedDiagnostics))"))
        }
        if let signature {
            abnormal.append(signature.isVerified
                ? make(.sourceVerified, true, .succeeded, signature.message)
                : make(.sourceVerified, false, .invalidCommitSignature, signature.message))
        }
        return [ready] + abnormal
    }

    private var keeping: String {
        artifact?.revision.map { "; keeping the last good revision \($0)" } ?? "; no good revision yet"
    }

    static func reason(for error: GitError) -> GitSourceCondition.Reason {
        switch error.kind {
        case .authentication, .hostVerification: return .authenticationFailed
        case .refNotFound: return .refNotFound
        case .invalidConfiguration: return .invalidConfiguration
        default: return .gitOperationFailed
        }
    }

    /// "2 errors, first: specs/a.yaml:3:12: unknown key …".
    static func summary(of diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        guard let first = errors.first else { return "no errors" }
        return "\(errors.count) error\(errors.count == 1 ? "" : "s"), first: \(first.location): \(first.message)"
    }
}
