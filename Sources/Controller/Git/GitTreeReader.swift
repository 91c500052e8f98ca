import CGit2
import Spec

/// Reads the spec files of one commit straight from its tree: no checkout, no working
/// directory, the same selection rules as ``SpecFileReader`` (every `*.yaml`/`*.yml` below
/// the path, hidden files and folders skipped), files named by their path in the repository.
///
/// Works on a repository pointer owned by ``GitRepositoryCache``, inside its isolation.
struct GitTreeReader {
    /// Why reading stopped: the path is not in the tree, or libgit2 failed to read objects.
    enum Failure: Error {
        case pathNotFound(GitError)
        case library(GitLibraryFailure)
    }

    let repository: OpaquePointer
    let limits: YAMLLimits

    /// The spec files at `path` in the tree of `commitID`, and a diagnostic for each file
    /// that was skipped.
    func read(commitID: git_oid, path: String, revision: GitRevision) throws(Failure) -> (files: [SpecSourceFile], diagnostics: [Diagnostic]) {
        var commitID = commitID
        var commit: OpaquePointer?
        var root: OpaquePointer?
        defer {
            git_tree_free(root)
            git_commit_free(commit)
        }
        try call(git_commit_lookup(&commit, repository, &commitID))
        try call(git_commit_tree(&root, commit))
        guard let root else { throw .library(GitLibraryFailure(code: -1)) }

        var files: [SpecSourceFile] = []
        var diagnostics: [Diagnostic] = []
        if path.isEmpty {
            try collect(tree: root, prefix: "", into: &files, diagnostics: &diagnostics)
        } else {
            var entry: OpaquePointer?
            defer { git_tree_entry_free(entry) }
            let code = git_tree_entry_bypath(&entry, root, path)
            if code == GIT_ENOTFOUND.rawValue { throw .pathNotFound(notFound(path, root: root, revision: revision)) }
            try call(code)
            guard let entry else { throw .library(GitLibraryFailure(code: -1)) }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                var subtree: OpaquePointer?
                defer { git_tree_free(subtree) }
                try call(git_tree_lookup(&subtree, repository, git_tree_entry_id(entry)))
                guard let subtree else { throw .library(GitLibraryFailure(code: -1)) }
                try collect(tree: subtree, prefix: path + "/", into: &files, diagnostics: &diagnostics)
            case GIT_OBJECT_BLOB:
                // A single file is read whatever its name, as SpecFileReader reads a named file.
                try readBlob(entry, path: path, into: &files, diagnostics: &diagnostics)
            default:
                throw .pathNotFound(GitError(.pathNotFound, "\(path) at \(revision) is a submodule, not a directory or file",
                                             hint: "point --path at the directory holding the spec", revision: revision))
            }
            if files.isEmpty && diagnostics.isEmpty && git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                diagnostics.append(noSpecFiles(path))
            }
        }
        if path.isEmpty && files.isEmpty && diagnostics.isEmpty {
            diagnostics.append(noSpecFiles("."))
        }
        if files.count > limits.maxFiles {
            return ([], [Diagnostic(.error, .limitExceeded, at: .file(path.isEmpty ? "." : path),
                                    "the directory holds \(files.count) spec files, more than the limit of \(limits.maxFiles)",
                                    hint: "point --path at a narrower directory")])
        }
        files.sort { $0.path < $1.path }
        return (files, diagnostics)
    }

    private func collect(tree: OpaquePointer, prefix: String, into files: inout [SpecSourceFile],
                         diagnostics: inout [Diagnostic]) throws(Failure) {
        let count = git_tree_entrycount(tree)
        for index in 0..<count {
            guard files.count <= limits.maxFiles, let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            guard !name.hasPrefix(".") else { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                var subtree: OpaquePointer?
                defer { git_tree_free(subtree) }
                try call(git_tree_lookup(&subtree, repository, git_tree_entry_id(entry)))
                if let subtree { try collect(tree: subtree, prefix: prefix + name + "/", into: &files, diagnostics: &diagnostics) }
            case GIT_OBJECT_BLOB where SpecSourceFile.isSpecFileName(name):
                try readBlob(entry, path: prefix + name, into: &files, diagnostics: &diagnostics)
            default:
                continue // submodules and other files
            }
        }
    }

    private func readBlob(_ entry: OpaquePointer, path: String, into files: inout [SpecSourceFile],
                          diagnostics: inout [Diagnostic]) throws(Failure) {
        if git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK {
            diagnostics.append(Diagnostic(.warning, .fileUnreadable, at: .file(path),
                                          "the file is a symbolic link, which a Git source does not follow",
                                          hint: "commit the file itself instead of a link to it"))
            return
        }
        var blob: OpaquePointer?
        defer { git_blob_free(blob) }
        try call(git_blob_lookup(&blob, repository, git_tree_entry_id(entry)))
        guard let blob else { throw .library(GitLibraryFailure(code: -1)) }
        let size = Int(git_blob_rawsize(blob))
        if size > limits.maxFileBytes {
            diagnostics.append(Diagnostic(.error, .limitExceeded, at: .file(path),
                                          "the file is larger than the limit of \(limits.maxFileBytes / (1 << 20)) MiB for one spec file",
                                          hint: "split the spec into a directory of smaller files"))
            return
        }
        let bytes: [UInt8]
        if size == 0 {
            bytes = []
        } else if let content = git_blob_rawcontent(blob) {
            bytes = [UInt8](UnsafeRawBufferPointer(start: content, count: size))
        } else {
            throw .library(GitLibraryFailure(code: -1))
        }
        files.append(SpecSourceFile(path: path, bytes: bytes))
    }

    private func call(_ code: Int32) throws(Failure) {
        if code < 0 { throw .library(GitLibraryFailure(code: code)) }
    }

    private func noSpecFiles(_ path: String) -> Diagnostic {
        Diagnostic(.error, .noSpecFiles, at: .file(path), "the directory holds no *.yaml or *.yml files",
                   hint: "put the spec in a file ending in .yaml, starting with apiVersion: \(SpecDocument.currentAPIVersion)")
    }

    /// "path not found", naming what the nearest existing directory holds.
    private func notFound(_ path: String, root: OpaquePointer, revision: GitRevision) -> GitError {
        var segments = path.split(separator: "/").map(String.init)
        segments.removeLast()
        var parentName = "the repository's root"
        var listing: [String] = []
        var tree: OpaquePointer? = nil
        var owned = false
        defer { if owned { git_tree_free(tree) } }
        // Walk down as far as the path exists.
        var current = root
        var walked: [String] = []
        for segment in segments {
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, current, segment) == 0, let found = entry else { break }
            defer { git_tree_entry_free(found) }
            guard git_tree_entry_type(found) == GIT_OBJECT_TREE else { break }
            var next: OpaquePointer?
            guard git_tree_lookup(&next, repository, git_tree_entry_id(found)) == 0, let next else { break }
            if owned { git_tree_free(tree) }
            tree = next
            owned = true
            current = next
            walked.append(segment)
        }
        if !walked.isEmpty { parentName = walked.joined(separator: "/") }
        for index in 0..<git_tree_entrycount(current) {
            guard let entry = git_tree_entry_byindex(current, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            if name.hasPrefix(".") { continue }
            listing.append(git_tree_entry_type(entry) == GIT_OBJECT_TREE ? name + "/" : name)
        }
        let shown = listing.prefix(12).joined(separator: ", ") + (listing.count > 12 ? ", …" : "")
        let missing = path.split(separator: "/").dropFirst(walked.count).first.map(String.init) ?? path
        var hint = listing.isEmpty ? "\(parentName) is empty" : "\(parentName) holds: \(shown)"
        let names = listing.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let withExtension = names.first { $0 == missing + ".yaml" || $0 == missing + ".yml" }
        if let close = withExtension ?? Suggestions.closest(to: missing, in: names) {
            hint = "did you mean \"\(walked.isEmpty ? close : (walked + [close]).joined(separator: "/"))\"? " + hint
        }
        return GitError(.pathNotFound, "the path \"\(path)\" does not exist at \(revision)", hint: hint, revision: revision)
    }
}
