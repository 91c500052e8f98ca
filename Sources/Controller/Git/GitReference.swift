import Foundation

/// What a user asks a Git source to follow: the default branch, a branch or tag by name, a
/// full ref name, or a commit SHA (pinned, never moves).
///
/// Names are resolved as Git does: a full ref (`refs/…`) as written, otherwise a branch
/// first, then a tag, then (in a local repository) a remote-tracking branch; a name made
/// only of 4 to 40 hex digits that matches no ref is taken as a commit SHA.
public struct GitReference: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case defaultBranch
        case name(String)
        case commit(sha: String, name: String?)
    }

    let storage: Storage

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The branch the repository's `HEAD` points at (for a remote: its default branch).
    public static let defaultBranch = GitReference(storage: .defaultBranch)

    /// A branch, tag or full ref name; a name of hex digits only may also match a commit.
    public static func named(_ name: String) -> GitReference {
        GitReference(storage: .name(name))
    }

    /// A commit by SHA (at least 4 hex digits), optionally with the branch it was seen on.
    public static func commit(_ sha: String, seenOn name: String? = nil) -> GitReference {
        GitReference(storage: .commit(sha: sha.lowercased(), name: name))
    }

    /// Reads what a user typed after `--ref`: `main`, `v1.2`, `refs/pull/7/head`, a SHA,
    /// or a revision as sfreconcile prints it (`main@sha1:<hex>`, `sha1:<hex>`), which pins
    /// that commit. An empty text or `HEAD` means the default branch.
    public init(parsing text: String) throws(GitError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "HEAD" {
            self = .defaultBranch
            return
        }
        if let revision = GitRevision(parsing: trimmed) {
            self = .commit(revision.sha, seenOn: revision.refName)
            return
        }
        if trimmed.hasPrefix("sha1:") {
            let sha = String(trimmed.dropFirst(5))
            guard GitRevision.isHex(sha), (4...40).contains(sha.count) else {
                throw GitError(.invalidConfiguration, "\"\(trimmed)\" is not a commit SHA",
                               hint: "write sha1: followed by 4 to 40 hex digits")
            }
            self = .commit(sha)
            return
        }
        guard Self.isValidName(trimmed) else {
            throw GitError(.invalidConfiguration, "\"\(trimmed)\" is not a valid Git ref name",
                           hint: "name a branch (main), a tag (v1.2), a full ref (refs/heads/main) or a commit SHA")
        }
        self = .named(trimmed)
    }

    /// The ref as a user would write it.
    public var description: String {
        switch storage {
        case .defaultBranch: return "HEAD"
        case .name(let name): return name
        case .commit(let sha, let name): return name.map { "\($0)@sha1:\(sha)" } ?? "sha1:\(sha)"
        }
    }

    /// The SHA when the reference pins a commit, or could (a name of hex digits only).
    var possibleSHA: String? {
        switch storage {
        case .defaultBranch: return nil
        case .commit(let sha, _): return sha
        case .name(let name):
            return GitRevision.isHex(name) && (4...40).contains(name.count) ? name.lowercased() : nil
        }
    }

    /// Full ref names to look for, most specific first.
    var candidateRefNames: [String] {
        switch storage {
        case .defaultBranch, .commit: return []
        case .name(let name):
            if name.hasPrefix("refs/") { return [name] }
            return ["refs/heads/\(name)", "refs/tags/\(name)"]
        }
    }

    /// Git's rules for ref names, the parts that matter for a name typed on a command line.
    /// `~` and `^` pass, so a local repository can be read at `HEAD~1` or `main^2`.
    static func isValidName(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.hasSuffix("/") || name.hasSuffix(".") || name.hasSuffix(".lock") { return false }
        if name.contains("..") || name.contains("//") || name.contains("@{") || name.hasPrefix("-") { return false }
        let forbidden: Set<Character> = [" ", ":", "?", "*", "[", "\\", "\t", "\n"]
        return !name.contains { forbidden.contains($0) || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
            && !name.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
