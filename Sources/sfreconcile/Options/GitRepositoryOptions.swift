import ArgumentParser
import Controller
import Foundation

/// Where a Git repository is and how to reach it: shared by every command that reads a
/// spec from Git. Credentials are taken by reference only (a variable's or a file's name).
struct GitRepositoryOptions: ParsableArguments {
    @Option(name: .customLong("repo"),
            help: "A Git repository: a local path, or a file://, git://, http(s):// or ssh:// URL.")
    var repository: String?

    @Option(name: .customLong("path"), help: "The directory (or file) inside the repository holding the spec; its root if omitted.")
    var pathInRepository: String?

    @Option(name: .customLong("token-env"), help: ArgumentHelp(
        "An environment variable holding an HTTPS token (sent with basic authentication).", valueName: "NAME"))
    var tokenEnvironment: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file holding an HTTPS token.", valueName: "PATH"))
    var tokenFile: String?

    @Option(help: "The user name sent with the token (GitHub, GitLab, Gitea: any; Bitbucket: x-token-auth).")
    var username = "x-access-token"

    @Option(name: .customLong("ssh-key"), help: ArgumentHelp("The private key for ssh:// remotes.", valueName: "PATH"))
    var sshKey: String?

    @Option(name: .customLong("ssh-passphrase-env"), help: ArgumentHelp(
        "An environment variable holding the SSH key's passphrase.", valueName: "NAME"))
    var sshPassphraseEnvironment: String?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp(
        "The known_hosts file SSH host keys are checked against (default: ~/.ssh/known_hosts).", valueName: "PATH"))
    var knownHosts: String?

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp(
        "Where remote repositories are mirrored (default: $XDG_CACHE_HOME/sfreconcile/git or ~/.cache/sfreconcile/git).",
        valueName: "DIR"))
    var cacheDirectory: String?

    @Option(name: .customLong("git-timeout"), help: ArgumentHelp(
        "Seconds a fetch may take once data flows.", valueName: "SECONDS"))
    var timeoutSeconds = 120

    /// True when any option of this group was given.
    var isUsed: Bool {
        repository != nil || pathInRepository != nil || tokenEnvironment != nil || tokenFile != nil || sshKey != nil
            || sshPassphraseEnvironment != nil || knownHosts != nil || cacheDirectory != nil
    }
}

extension GitRepositoryOptions {
    func validate() throws {
        if tokenEnvironment != nil && tokenFile != nil {
            throw ValidationError("pass the token with --token-env or --token-file, not both")
        }
        if timeoutSeconds <= 0 {
            throw ValidationError("--git-timeout must be a positive number of seconds")
        }
    }

    /// The configuration for reading `ref` from the repository (`defaultRepository` when
    /// `--repo` was not given).
    func configuration(ref: GitReference, defaultRepository: String? = nil) throws -> GitSourceConfiguration {
        let environment = ProcessInfo.processInfo.environment
        guard let repository = repository ?? defaultRepository else {
            throw ValidationError("name the repository with --repo")
        }
        let token: GitCredentials.TokenSource? = tokenEnvironment.map { .environment($0) } ?? tokenFile.map { .file($0) }
        let credentials = GitCredentials(
            token: token, username: username, sshKeyFile: sshKey,
            sshPassphrase: sshPassphraseEnvironment.map { .environment($0) }, knownHostsFile: knownHosts)
        return GitSourceConfiguration(
            location: try GitSourceLocation(parsing: repository), ref: ref, path: pathInRepository ?? "",
            credentials: credentials,
            cacheDirectory: cacheDirectory ?? GitSourceConfiguration.defaultCacheDirectory(environment: environment),
            timeout: .seconds(timeoutSeconds), environment: environment)
    }
}
