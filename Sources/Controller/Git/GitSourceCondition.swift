import Foundation

/// One condition of a Git source's status: `Ready` is always present; the "abnormal" ones
/// (`FetchFailed`, `SpecInvalid`, `Stalled`) exist only while they are true; `SourceVerified`
/// exists when signatures are required.
public typealias GitSourceCondition = StatusCondition<GitSourceConditionKind, GitSourceConditionReason>

/// The condition types of a Git source's status.
public enum GitSourceConditionKind: String, Sendable, Hashable, Codable {
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

/// The reasons a Git source's conditions give (CamelCase, as Flux writes them).
public enum GitSourceConditionReason: String, Sendable, Hashable, Codable {
    case succeeded = "Succeeded"
    case progressing = "Progressing"
    case gitOperationFailed = "GitOperationFailed"
    case authenticationFailed = "AuthenticationFailed"
    case refNotFound = "RefNotFound"
    case invalidConfiguration = "InvalidConfiguration"
    case validationFailed = "ValidationFailed"
    case invalidCommitSignature = "InvalidCommitSignature"
}
