import Foundation

/// One condition of a Git source's status, in the shape Kubernetes and Flux use:
/// `Ready` is always present; the "abnormal" ones (`FetchFailed`, `SpecInvalid`,
/// `Stalled`) exist only while they are true; `SourceVerified` exists when signatures
/// are required.
public struct GitSourceCondition: Sendable, Hashable, Codable {
    /// The condition types, as constants.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// True when the newest revision was fetched and its spec is the one in use.
        case ready = "Ready"
        /// The last poll could not fetch or resolve the ref; the last good spec stays in use.
        case fetchFailed = "FetchFailed"
        /// The newest revision's spec is invalid; the last good spec stays in use.
        case specInvalid = "SpecInvalid"
        /// Retrying will not help until the configuration or credentials change.
        case stalled = "Stalled"
        /// Present when signatures are required: whether the newest revision's commit
        /// carries an allowed signature.
        case sourceVerified = "SourceVerified"
    }

    /// The reasons conditions give, as constants (CamelCase, as Flux writes them).
    public enum Reason: String, Sendable, Hashable, Codable {
        case succeeded = "Succeeded"
        case progressing = "Progressing"
        case gitOperationFailed = "GitOperationFailed"
        case authenticationFailed = "AuthenticationFailed"
        case refNotFound = "RefNotFound"
        case invalidConfiguration = "InvalidConfiguration"
        case validationFailed = "ValidationFailed"
        case invalidCommitSignature = "InvalidCommitSignature"
    }

    public var kind: Kind
    public var status: Bool
    public var reason: Reason
    public var message: String
    /// When `status` or `reason` last changed.
    public var lastTransitionTime: Date

    public init(kind: Kind, status: Bool, reason: Reason, message: String, lastTransitionTime: Date) {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}
