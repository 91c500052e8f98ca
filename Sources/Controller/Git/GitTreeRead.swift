import Spec

/// What one ``GitRepositoryCache/read(_:path:limits:unlessAt:)`` found: the revision the ref
/// resolves to and, unless it is the one the caller already had, the spec files there.
public struct GitTreeRead: Sendable {
    /// The commit the ref resolved to.
    public var revision: GitRevision
    /// The spec files at the path, named by their path in the repository; nil when the
    /// revision is the one the caller passed as already known (nothing was read).
    public var files: [SpecSourceFile]?
    /// Files skipped (too large, symbolic links), or "no spec files here".
    public var diagnostics: [Diagnostic]
    /// True when objects were downloaded from the remote during this read.
    public var downloaded: Bool
    /// True when the cache entry was found damaged and rebuilt from the remote.
    public var recloned: Bool
    /// The signature check, when a ``GitSignaturePolicy`` was given and the revision is new.
    public var signature: GitSignatureCheck?

    public init(revision: GitRevision, files: [SpecSourceFile]?, diagnostics: [Diagnostic] = [],
                downloaded: Bool = false, recloned: Bool = false) {
        self.revision = revision
        self.files = files
        self.diagnostics = diagnostics
        self.downloaded = downloaded
        self.recloned = recloned
    }

    /// True when the ref still points at the revision the caller already had.
    public var isUnchanged: Bool { files == nil }
}
