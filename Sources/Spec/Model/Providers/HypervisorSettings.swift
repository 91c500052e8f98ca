/// A vCenter or ESXi host, reached over the vSphere SOAP API (vim25).
public struct VSphereSettings: ProviderCredentialSettings, Hashable {
    public var endpoint = ServiceEndpoint()
    public var site: String?
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the vSphere provider"
    public static let summary = "A vCenter or ESXi host (vSphere SOAP API)."
    public static let fields: [SpecField<VSphereSettings>] =
        SpecField.credentialFields
}

/// How WinRM authenticates.
public enum WinRMAuthentication: String, SpecEnum {
    case ntlm, negotiate, basic
}

/// A Hyper-V host or failover cluster, reached over WinRM (HTTPS only).
public struct HyperVSettings: ProviderCredentialSettings, Hashable {
    public var endpoint = ServiceEndpoint()
    public var site: String?
    public var timeout = TimeSpan.seconds(60)
    public var auth = WinRMAuthentication.ntlm

    public init() {}

    public static let noun = "the Hyper-V provider"
    public static let summary = "A Hyper-V host or cluster (WinRM over HTTPS, port 5986)."
    public static let fields: [SpecField<HyperVSettings>] =
        SpecField.credentialFields
        + [.defaulted("auth", \.auth, .ntlm, "WinRM authentication scheme.")]
}

/// VMware Site Recovery Manager, reached over its REST gateway.
public struct SRMSettings: ProviderCredentialSettings, Hashable {
    public var endpoint = ServiceEndpoint()
    public var site: String?
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the SRM provider"
    public static let summary = "VMware Site Recovery Manager (REST gateway)."
    public static let fields: [SpecField<SRMSettings>] =
        SpecField.credentialFields
}

/// A Veeam Backup & Replication server, reached over its REST API.
public struct VeeamSettings: ProviderCredentialSettings, Hashable {
    public var endpoint = ServiceEndpoint()
    public var site: String?
    public var timeout = TimeSpan.seconds(30)
    public var apiVersion = "1.1-rev0"

    public init() {}

    public static let noun = "the Veeam provider"
    public static let summary = "A Veeam Backup & Replication server (REST API, port 9419)."
    public static let fields: [SpecField<VeeamSettings>] =
        SpecField.credentialFields
        + [.defaulted("apiVersion", \.apiVersion, "1.1-rev0", "Value of the x-api-version header.")]
}
