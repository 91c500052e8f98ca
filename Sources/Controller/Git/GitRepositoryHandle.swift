import CGit2

/// Owns a `git_repository` pointer and frees it, keeping libgit2 initialised until then
/// (the lease is released only after `deinit` has freed the pointer). Never leaves
/// ``GitRepositoryCache``.
final class GitRepositoryHandle {
    let pointer: OpaquePointer
    private let lease = GitLibraryLease()

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { git_repository_free(pointer) }
}
