/// A VM by provider and name.
public struct VMReference: SpecObject, Hashable {
    public var provider = ""
    public var name = ""

    public init() {}

    public static let noun = "the VM reference"
    public static let summary = "A VM, named as its hypervisor knows it."
    public static let fields: [SpecField<VMReference>] = [
        .required("provider", \.provider, "A vsphere or hyperv provider."),
        .required("name", \.name, "The VM's name in that provider."),
    ]
}

/// The system serving calls now.
public struct LiveSystem: SpecObject, Hashable {
    public var site = ""
    public var platform = Platform.vm
    public var vm: VMReference?
    public var starface: String?

    public init() {}

    public static let noun = "the live system"
    public static let summary = "The system serving calls now."
    public static let fields: [SpecField<LiveSystem>] = [
        .required("site", \.site, "The site it runs at."),
        .required("platform", \.platform, "vm, appliance or cloud."),
        .optional("vm", \.vm, "The VM, when platform is vm."),
        .optional("starface", \.starface, "The starface provider answering for this PBX (version, liveness)."),
    ]
}
