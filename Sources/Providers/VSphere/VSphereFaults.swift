/// vSphere faults in the vocabulary of providers: what happened, and what an admin can do.
enum VSphereFaults {
    static func error(_ fault: SOAPFault, provider: String, user: String? = nil) -> ProviderError {
        let name = fault.typeName
        let message = fault.message.isEmpty ? "vSphere fault \(name)" : "vSphere fault \(name): \(fault.message)"
        switch name {
        case "InvalidLogin", "InvalidPrincipal", "NoPermissionOnAD":
            return ProviderError(.auth, "vCenter refused the login\(user.map { " of \($0)" } ?? "") (\(name))",
                                 advice: "check the provider's username and the password secret it names", provider: provider)
        case "NotAuthenticated":
            return ProviderError(.auth, "the vCenter session is not authenticated (\(name))",
                                 advice: "the session expired or was closed; it is renewed automatically, so check the credentials if this persists",
                                 provider: provider)
        case "NoPermission":
            let privilege = fault.detail?.text("privilegeId").map { " (privilege \($0))" } ?? ""
            return ProviderError(.permission, message + privilege,
                                 advice: "grant the account the privileges listed in docs/providers.md", provider: provider)
        case "ManagedObjectNotFound":
            return ProviderError(.notFound, message, advice: "the object was deleted meanwhile; observe again", provider: provider)
        case "MethodNotFound", "NotImplemented", "NotSupported":
            return ProviderError(.unsupported, message, advice: "this vSphere server does not offer the call", provider: provider)
        case "InvalidState", "InvalidPowerState", "TaskInProgress", "SnapshotLocked", "ConcurrentAccess", "VmConfigIncompatibleForFaultTolerance":
            return ProviderError(.precondition, message, advice: "the VM is busy or in the wrong state; try again later", provider: provider)
        case "RequestCanceled":
            return ProviderError(.cancelled, message, provider: provider)
        case "HostCommunication", "HostNotConnected", "HostNotReachable":
            return ProviderError(.unavailable, message,
                                 advice: "vCenter cannot reach the VM's host; check the host's connection state", provider: provider)
        default:
            return ProviderError(.protocol, message, advice: "see the vCenter task and event log for details", provider: provider)
        }
    }

    /// True for the fault that means "log in again".
    static func isNotAuthenticated(_ fault: SOAPFault) -> Bool { fault.typeName == "NotAuthenticated" }
}
