import CGit2

/// Owns a `git_repository` pointer and frees it. Never leaves ``GitRepositoryCache``.
final class GitRepositoryHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { git_repository_free(pointer) }
}
