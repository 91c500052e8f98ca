/// The parts of vSphere's ServiceContent the provider uses.
struct ServiceContent: Sendable, Hashable {
    var rootFolder: ManagedObjectReference
    var propertyCollector: ManagedObjectReference
    var viewManager: ManagedObjectReference
    var sessionManager: ManagedObjectReference
    /// `about.apiVersion`, e.g. `8.0.3.0`; requests name it in their SOAPAction.
    var apiVersion: String
    /// `about.fullName`, e.g. `VMware vCenter Server 8.0.3 build-24022515`.
    var fullName: String

    init?(_ returnval: XMLTreeElement) {
        guard let root = ManagedObjectReference(returnval["rootFolder"]),
              let collector = ManagedObjectReference(returnval["propertyCollector"]),
              let views = ManagedObjectReference(returnval["viewManager"]),
              let sessions = ManagedObjectReference(returnval["sessionManager"])
        else { return nil }
        rootFolder = root
        propertyCollector = collector
        viewManager = views
        sessionManager = sessions
        let about = returnval["about"]
        let version = about?.text("apiVersion") ?? ""
        apiVersion = !version.isEmpty && version.allSatisfy({ $0.isNumber || $0 == "." }) ? version : VSphereClient.initialAPIVersion
        fullName = about?.text("fullName") ?? "unknown vSphere server"
    }
}
