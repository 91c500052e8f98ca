/// Stable names for every kind of spec problem. Tools may match on them; they are
/// listed in docs/spec.md and never renamed.
public enum DiagnosticCode: String, Sendable, Codable, CaseIterable {
    // Reading files and YAML
    case fileUnreadable = "file-unreadable"
    case noSpecFiles = "no-spec-files"
    case notText = "not-text"
    case emptyDocument = "empty-document"
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    case complexKey = "complex-key"
    case limitExceeded = "limit-exceeded"
    // Shape
    case apiVersion = "api-version"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case typeMismatch = "type-mismatch"
    case invalidValue = "invalid-value"
    case literalSecret = "literal-secret"
    case duplicateDefinition = "duplicate-definition"
    // Cross-references
    case unknownReference = "unknown-reference"
    case wrongReferenceType = "wrong-reference-type"
    // Meaning
    case geoSameSite = "geo-same-site"
    case platformNotRedundant = "platform-not-redundant"
    case replicationRPO = "replication-rpo"
    case backupOnSite = "backup-on-site"
    case objectiveUnreachable = "objective-unreachable"
    case liveVMMismatch = "live-vm-mismatch"
    case insecureTransport = "insecure-transport"
    case maintenanceWindow = "maintenance-window"
}
