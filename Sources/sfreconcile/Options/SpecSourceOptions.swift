import ArgumentParser
import Controller

/// Where a command reads its spec: a plain file or directory, or a ref and path of a Git
/// repository. Pulled into `validate` (and later `plan`) with `@OptionGroup`.
struct SpecSourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A spec file, or a directory whose *.yaml and *.yml files form the spec (default: .). Omit it with --repo.",
        valueName: "path"))
    var path: String?

    @Option(help: ArgumentHelp(
        "With --repo: a branch, tag, commit SHA or revision (main@sha1:…); the default branch if omitted.",
        valueName: "REF"))
    var ref: String?

    @OptionGroup(title: "Git source")
    var git: GitRepositoryOptions
}

extension SpecSourceOptions {
    func validate() throws {
        if path != nil && git.repository != nil {
            throw ValidationError("give either a spec path or --repo, not both (inside a repository, use --path)")
        }
        if git.repository == nil && (ref != nil || git.isUsed) {
            throw ValidationError("--ref, --path and the credential options need --repo")
        }
    }

    /// The source the options name.
    func source() throws -> SpecSource {
        guard git.repository != nil else { return .directory(path ?? ".") }
        return .git(try git.configuration(ref: try GitReference(parsing: ref ?? "")))
    }
}
