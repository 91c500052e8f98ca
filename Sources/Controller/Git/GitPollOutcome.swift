import Spec

/// What one poll of a Git source found, before it is folded into the status.
public enum GitPollOutcome: Sendable {
    /// The ref still points at the revision last attempted; nothing was read.
    case unchanged(GitRevision)
    /// A new revision whose spec is valid.
    case accepted(SpecSnapshot)
    /// A new revision whose spec is invalid (or missing), with its diagnostics.
    case rejected(GitRevision, [Diagnostic])
    /// A new revision whose commit signature the ``GitSignaturePolicy`` does not allow;
    /// its files were not read.
    case unverified(GitSignatureCheck)
    /// The repository could not be reached, or the ref not resolved.
    case failed(GitError)
}
