/// Why a Git source could not be read, written as advice for the person who reads it.
///
/// Messages never hold credentials: URLs are shown with their user information replaced
/// (see ``GitSourceLocation/redacted``) and secret values read for a fetch are masked
/// before an error leaves the libgit2 layer.
public struct GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarsely; decides how a poller reacts (see ``retry``).
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        enum Value: String, Sendable, Hashable {
            case invalidConfiguration = "invalid-configuration"
            case repositoryNotFound = "repository-not-found"
            case refNotFound = "ref-not-found"
            case pathNotFound = "path-not-found"
            case network
            case authentication
            case hostVerification = "host-verification"
            case timeout
            case cacheUnusable = "cache-unusable"
            case repositoryUnreadable = "repository-unreadable"
            case verificationFailed = "verification-failed"
        }

        let value: Value

        /// The configuration cannot work (unknown URL scheme, a path with `..`, a missing key file).
        public static let invalidConfiguration = Kind(value: .invalidConfiguration)
        /// The repository does not exist at the location (no such directory, not a Git repository).
        public static let repositoryNotFound = Kind(value: .repositoryNotFound)
        /// The branch, tag or commit asked for does not exist (any more).
        public static let refNotFound = Kind(value: .refNotFound)
        /// The path inside the repository does not exist at the revision.
        public static let pathNotFound = Kind(value: .pathNotFound)
        /// The server could not be reached or broke off the transfer.
        public static let network = Kind(value: .network)
        /// The server refused the credentials, or asked for credentials none were configured for.
        public static let authentication = Kind(value: .authentication)
        /// The server's SSH host key or TLS certificate could not be verified.
        public static let hostVerification = Kind(value: .hostVerification)
        /// The transfer took longer than the configured timeout.
        public static let timeout = Kind(value: .timeout)
        /// The cache directory cannot be created, locked or repaired.
        public static let cacheUnusable = Kind(value: .cacheUnusable)
        /// Reading objects from the repository failed (a damaged local repository).
        public static let repositoryUnreadable = Kind(value: .repositoryUnreadable)
        /// The commit is not signed by a key the ``GitSignaturePolicy`` allows.
        public static let verificationFailed = Kind(value: .verificationFailed)

        /// A stable identifier, used in JSON output and status conditions.
        public var description: String { value.rawValue }
    }

    /// How a poller should treat the error, as Flux classifies reconcile errors.
    public enum Retry: String, Sendable, Hashable {
        /// Likely to pass by itself (network, timeout): retry soon.
        case transient
        /// Needs a change in the repository (a pushed ref, a path): retry at the normal interval.
        case waiting
        /// Needs a change in sfreconcile's configuration or credentials: retrying will not help.
        case stalling
    }

    public var kind: Kind
    /// What is wrong, in one sentence, credentials removed.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// The revision the error concerns, when one was resolved (a path missing at a commit).
    public var revision: GitRevision?

    public init(_ kind: Kind, _ message: String, hint: String? = nil, revision: GitRevision? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.revision = revision
    }

    /// How a poller should react.
    public var retry: Retry {
        switch kind.value {
        case .network, .timeout, .cacheUnusable: return .transient
        case .refNotFound, .pathNotFound, .repositoryNotFound, .repositoryUnreadable, .verificationFailed: return .waiting
        case .invalidConfiguration, .authentication, .hostVerification: return .stalling
        }
    }

    /// The message and, on a second line, the hint.
    public var description: String {
        hint.map { "\(message)\n  hint: \($0)" } ?? message
    }
}
