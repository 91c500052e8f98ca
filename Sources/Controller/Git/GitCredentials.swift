import Foundation

/// How to authenticate to a Git server, by reference only: the names of an environment
/// variable or file holding a token, the path of an SSH key. Values are read at the moment
/// libgit2 asks for them and never stored, printed or put into an error.
public struct GitCredentials: Sendable, Hashable, CustomStringConvertible {
    /// Where an HTTPS token (or password) is kept.
    public enum TokenSource: Sendable, Hashable, CustomStringConvertible {
        /// The value of an environment variable of the controller's process.
        case environment(String)
        /// The content of a file, trailing newline removed (a Kubernetes secret mount, a
        /// systemd credential).
        case file(String)

        /// Names the reference, never the value.
        public var description: String {
            switch self {
            case .environment(let name): return "the token in $\(name)"
            case .file(let path): return "the token in \(path)"
            }
        }
    }

    /// The HTTP(S) token, sent with basic authentication.
    public var token: TokenSource?
    /// The user name sent with the token (GitHub, GitLab and Gitea accept `x-access-token`
    /// with any personal access token; Bitbucket wants `x-token-auth`).
    public var username: String
    /// The private key for `ssh://` remotes.
    public var sshKeyFile: String?
    /// Where the key's passphrase is kept, if it has one.
    public var sshPassphrase: TokenSource?
    /// The `known_hosts` file that SSH host keys are checked against; the user's
    /// `~/.ssh/known_hosts` when nil.
    public var knownHostsFile: String?

    public init(
        token: TokenSource? = nil, username: String = "x-access-token", sshKeyFile: String? = nil,
        sshPassphrase: TokenSource? = nil, knownHostsFile: String? = nil
    ) {
        self.token = token
        self.username = username
        self.sshKeyFile = sshKeyFile
        self.sshPassphrase = sshPassphrase
        self.knownHostsFile = knownHostsFile
    }

    /// No credentials: anonymous access.
    public static let none = GitCredentials()

    /// Says which references are configured, never a value.
    public var description: String {
        var parts: [String] = []
        if let token { parts.append("\(token) as \(username)") }
        if let sshKeyFile { parts.append("the SSH key \(sshKeyFile)") }
        return parts.isEmpty ? "no credentials" : parts.joined(separator: ", ")
    }

    /// Checks that referenced files and variables exist, so a typo is reported before any
    /// network traffic, without reading a secret into an error.
    public func validate(environment: [String: String]) throws(GitError) {
        if let token { _ = try Self.resolve(token, environment: environment) }
        if let sshPassphrase { _ = try Self.resolve(sshPassphrase, environment: environment) }
        if let sshKeyFile, !FileManager.default.isReadableFile(atPath: sshKeyFile) {
            throw GitError(.invalidConfiguration, "the SSH key file \(sshKeyFile) cannot be read",
                           hint: "check the path given to --ssh-key and its permissions")
        }
    }

    /// Reads a secret by its reference.
    static func resolve(_ source: TokenSource, environment: [String: String]) throws(GitError) -> String {
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw GitError(.invalidConfiguration, "the environment variable \(name) is not set or empty",
                               hint: "export \(name) with the token before starting sfreconcile")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw GitError(.invalidConfiguration, "the token file \(path) cannot be read",
                               hint: "check the path and that the file is readable by sfreconcile")
            }
            let value = text.trimmingCharacters(in: .newlines)
            guard !value.isEmpty else {
                throw GitError(.invalidConfiguration, "the token file \(path) is empty",
                               hint: "write the token into the file")
            }
            return value
        }
    }
}
