import Spec

/// Reads a spec once, from a directory or from Git: what `validate`, `plan` and `diff`
/// call. The long-running loop uses ``GitSource`` instead, which keeps the last good spec.
public struct SpecSourceReader: Sendable {
    public var loader: SpecLoader

    public init(loader: SpecLoader = SpecLoader()) {
        self.loader = loader
    }

    /// Loads the spec `source` names. Problems in the spec are diagnostics in the result;
    /// a repository that cannot be read (no such ref, server unreachable) throws.
    public func read(_ source: SpecSource) async throws(GitError) -> SpecSnapshot {
        switch source {
        case .directory(let path):
            return SpecSnapshot(origin: .directory(path), result: loader.load(path: path))
        case .git(let configuration):
            try configuration.validate()
            return try await read(configuration.ref, using: GitRepositoryCache(configuration: configuration),
                                  configuration: configuration)
        }
    }

    /// Loads the spec at two revisions of one repository and what changed between them,
    /// for a pull request's review.
    public func compare(base: GitReference, head: GitReference, in configuration: GitSourceConfiguration)
        async throws(GitError) -> SpecComparison {
        try configuration.validate()
        let cache = GitRepositoryCache(configuration: configuration)
        let baseSnapshot = try await read(base, using: cache, configuration: configuration)
        let headSnapshot = try await read(head, using: cache, configuration: configuration)
        return SpecComparison(base: baseSnapshot, head: headSnapshot)
    }

    func read(_ ref: GitReference, using cache: GitRepositoryCache, configuration: GitSourceConfiguration)
        async throws(GitError) -> SpecSnapshot {
        let read = try await cache.read(ref, path: configuration.path, limits: loader.limits,
                                        verifying: configuration.verification)
        return snapshot(of: read, configuration: configuration)
    }

    /// Loads the files of a tree read, adding the reader's own diagnostics.
    func snapshot(of read: GitTreeRead, configuration: GitSourceConfiguration) -> SpecSnapshot {
        var result = loader.load(read.files ?? [])
        if !read.diagnostics.isEmpty {
            result.diagnostics = (read.diagnostics + result.diagnostics).sorted(by: Diagnostic.byPosition)
        }
        let path = (try? GitSourceConfiguration.normalizedPath(configuration.path)) ?? configuration.path
        return SpecSnapshot(origin: .git(repository: configuration.location.redacted, revision: read.revision, path: path),
                            result: result, signature: read.signature)
    }
}
