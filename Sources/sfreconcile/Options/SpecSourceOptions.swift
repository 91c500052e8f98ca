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

    @Option(name: .customLong("verify-ssh"), help: ArgumentHelp(
        "With --repo: require the commit to be signed by an SSH key in this allowed_signers file.", valueName: "PATH"))
    var allowedSigners: String?

    @Option(name: .customLong("verify-gpg"), help: ArgumentHelp(
        "With --repo: require the commit to be signed by an OpenPGP key in this keyring (gpg --export > FILE).",
        valueName: "PATH"))
    var keyring: String?

    @OptionGroup(title: "Git source")
    var git: GitRepositoryOptions
}

extension SpecSourceOptions {
    func validate() throws {
        if path != nil && git.repository != nil {
            throw ValidationError("give either a spec path or --repo, not both (inside a repository, use --path)")
        }
        if git.repository == nil && (ref != nil || git.isUsed || allowedSigners != nil || keyring != nil) {
            throw ValidationError("--ref, --path, --verify-* and the credential options need --repo")
        }
        if allowedSigners != nil && keyring != nil {
            throw ValidationError("pass --verify-ssh or --verify-gpg, not both")
        }
    }

    /// The source the options name.
    func source() throws -> SpecSource {
        guard git.repository != nil else { return .directory(path ?? ".") }
        var configuration = try git.configuration(ref: try GitReference(parsing: ref ?? ""))
        configuration.verification = allowedSigners.map { .ssh(allowedSignersFile: $0) } ?? keyring.map { .gpg(keyringFile: $0) }
        return .git(configuration)
    }
}
