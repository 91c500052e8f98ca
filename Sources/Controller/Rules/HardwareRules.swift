import Providers
import Spec

/// HWID-1: the STARFACE licence identifies an installation by its CPU type and vCPU
/// count, so every replica VM must have the live VM's vCPU count, cores per socket and CPU
/// type (the cluster's EVC mode, else the host's CPU model; on Hyper-V also processor
/// compatibility for migration). `hardware` may pin the numbers; then the live VM is
/// checked against them too.
///
/// A powered-off replica with the wrong count is reconfigured (`reconfigureStandbyCpu`,
/// guarded by an SNP-2 snapshot); a running one, or a different CPU type, alerts: on
/// failover the licence hardware ID would change and need re-linking.
public struct HardwareRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.hwid1] }

    public func findings(for c: InstanceContext) -> [Finding] {
        guard let liveRef = c.resources.liveVM, c.instance.hardware != nil || !c.resources.replicas.isEmpty else { return [] }
        let name = c.name
        let hardware = c.instance.hardware
        let live: VMState
        switch c.vm(liveRef) {
        case .unknown(let error):
            return [.unknown(.hwid1, .critical, name, liveRef.description, "The live VM's CPU configuration", because: error)]
        case .absent:
            return [.unknown(.hwid1, .critical, name, liveRef.description, "The live VM's CPU configuration",
                             because: ProviderError(.notFound, "the live VM \(liveRef.name) does not exist", provider: liveRef.provider, resource: liveRef))]
        case .present(let state):
            live = state
        }
        var out: [Finding] = []
        let liveAddress = c.address(of: liveRef)
        let liveType = Self.cpuType(of: live)
        let pinnedType = hardware.map { $0.cpu == "matchLive" ? nil : $0.cpu } ?? nil
        let wanted = CPUShape(count: hardware?.vcpus ?? live.numCPU, cores: hardware?.coresPerSocket ?? live.coresPerSocket,
                              type: pinnedType ?? liveType, compatibility: live.compatibilityForMigration)

        // What the live VM did not report cannot be compared on any replica.
        var liveGaps: [String] = []
        if wanted.count == nil { liveGaps.append("vCPUs") }
        if wanted.cores == nil { liveGaps.append("cores per socket") }
        if wanted.type == nil { liveGaps.append("CPU type") }

        // The live VM against the numbers the spec pins.
        if let hardware {
            let pinned = CPUShape(count: hardware.vcpus, cores: hardware.coresPerSocket, type: pinnedType, compatibility: nil)
            let observed = CPUShape(count: live.numCPU, cores: live.coresPerSocket, type: liveType, compatibility: nil)
            let comparison = pinned.compare(with: observed)
            if !comparison.differences.isEmpty {
                out.append(.violated(.hwid1, .warning, name, liveAddress, check: "live", desired: pinned.description,
                                     observed: observed.description,
                                     "The spec's hardware (\(pinned.description)) differs from the live VM \(liveRef.name) (\(observed.description)). The licence is bound to the live VM's hardware ID; replicas built to the spec would get another. Correct the spec or the VM.",
                                     remedy: .alert))
            } else if !comparison.unknown.isEmpty {
                out.append(.unknown(.hwid1, .warning, name, liveAddress, check: "live", desired: pinned.description,
                                    "The live VM's " + comparison.unknown.joined(separator: ", "),
                                    because: ProviderError(.unsupported, "the hypervisor did not report it", provider: liveRef.provider, resource: liveRef)))
            } else {
                let cpu = observed.description
                out.append(.satisfied(.hwid1, name, liveAddress, check: "live", desired: pinned.description, observed: cpu,
                                      .liveHardwarePinned(cpu: cpu)))
            }
        }

        let wantedText = wanted.description
        for (index, replica) in c.resources.replicas.enumerated() {
            let site = c.instance.geo[index].site
            guard let vmRef = replica.vm else {
                out.append(.unknown(.hwid1, .critical, name, c.address(of: replica.replication), check: "replica-vm", desired: wantedText,
                                    "The CPU configuration of the replica VM at \(site)",
                                    because: ProviderError(.unsupported, replica.vmUnobservable ?? "the replica VM cannot be observed",
                                                           advice: "declare the hypervisor provider at \(site) with site: \(site)")))
                continue
            }
            let label = "the replica VM \(vmRef.name) at \(site)"
            let vmAddress = c.address(of: vmRef)
            switch c.vm(vmRef) {
            case .unknown(let error):
                out.append(.unknown(.hwid1, .critical, name, vmAddress, desired: wantedText, "The CPU configuration of \(label)", because: error))
            case .absent:
                out.append(.violated(.hwid1, .warning, name, vmAddress, desired: wantedText, observed: "not found",
                                     "\(label.capitalizedFirst) was not found on \(vmRef.provider), so its CPU configuration cannot be compared.",
                                     remedy: .alert))
            case .present(let vm):
                let observed = CPUShape(count: vm.numCPU, cores: vm.coresPerSocket, type: Self.cpuType(of: vm),
                                        compatibility: vm.compatibilityForMigration)
                let comparison = wanted.compare(with: observed)
                let countDiffers = comparison.differences.contains { $0 == "vCPUs" || $0 == "cores per socket" }
                let typeDiffers = comparison.differences.contains { $0 == "CPU type" || $0 == "processor compatibility" }
                if countDiffers, let count = wanted.count {
                    let cores = wanted.cores ?? observed.cores ?? 1
                    let text = "\(label.capitalizedFirst) has \(observed.countDescription), the live VM \(wanted.countDescription): on failover the licence hardware ID changes and must be re-linked at the STARFACE licence server."
                    if vm.powerState == .poweredOff {
                        let fix = ProposedFix(type: .reconfigureStandbyCpu, target: vmAddress, role: .redundancy, guardedVM: vmRef,
                                              summary: "reconfigure \(vmRef.name) at \(site) to \(count) vCPUs, \(cores) per socket",
                                              reason: "\(observed.countDescription) ≠ \(wanted.countDescription)",
                                              parameters: [ActionParameter("vcpus", String(count)), ActionParameter("coresPerSocket", String(cores))])
                        out.append(.violated(.hwid1, .critical, name, vmAddress, check: "cpu-count", desired: wanted.countDescription,
                                             observed: observed.countDescription, text, remedy: .fix(fix)))
                    } else {
                        out.append(.violated(.hwid1, .critical, name, vmAddress, check: "cpu-count", desired: wanted.countDescription,
                                             observed: observed.countDescription,
                                             text + " It is powered on (\(vm.powerState?.rawValue ?? "state unknown")), so it is not reconfigured.",
                                             remedy: .alert))
                    }
                }
                if typeDiffers {
                    out.append(.violated(.hwid1, .critical, name, vmAddress, check: "cpu-type", desired: wanted.typeDescription,
                                         observed: observed.typeDescription,
                                         "\(label.capitalizedFirst) runs on \(observed.typeDescription), the live VM on \(wanted.typeDescription): on failover the licence hardware ID changes. Use hosts (or an EVC mode) with the same CPU type at \(site).",
                                         remedy: .alert))
                }
                if !countDiffers && !typeDiffers {
                    let gaps = comparison.unknown + liveGaps.filter { !comparison.unknown.contains($0) }
                    if gaps.isEmpty {
                        let cpu = observed.description
                        out.append(.satisfied(.hwid1, name, vmAddress, desired: wantedText, observed: cpu,
                                              .replicaHardware(vm: vmRef.name, site: site, cpu: cpu)))
                    } else {
                        out.append(.unknown(.hwid1, .critical, name, vmAddress, desired: wantedText,
                                            "The " + gaps.joined(separator: ", ") + " of \(label) or the live VM",
                                            because: ProviderError(.unsupported, "the hypervisor did not report it", provider: vmRef.provider, resource: vmRef)))
                    }
                }
            }
        }
        return out
    }

    /// The CPU type the licence sees: the cluster's EVC mode, else the host's CPU model.
    static func cpuType(of vm: VMState) -> String? { vm.evcMode ?? vm.cpuModel }
}

/// The CPU properties the licence hardware ID derives from; nil parts are not known.
struct CPUShape {
    var count: Int?
    var cores: Int?
    var type: String?
    var compatibility: Bool?

    var countDescription: String {
        "\(count.map(String.init) ?? "?") vCPUs, \(cores.map(String.init) ?? "?") per socket"
    }

    var typeDescription: String {
        var text = type ?? "unknown CPU type"
        if let compatibility { text += compatibility ? " (compatibility for migration on)" : " (compatibility for migration off)" }
        return text
    }

    var description: String {
        var parts: [String] = []
        if count != nil || cores != nil { parts.append(countDescription) }
        if type != nil || compatibility != nil { parts.append(typeDescription) }
        return parts.isEmpty ? "unknown" : parts.joined(separator: ", ")
    }

    /// Which properties differ from `observed`, and which cannot be compared. A property
    /// nil in `self` is not asked for.
    func compare(with observed: CPUShape) -> (differences: [String], unknown: [String]) {
        var differences: [String] = [], unknown: [String] = []
        func check<T: Equatable>(_ wanted: T?, _ seen: T?, _ label: String) {
            guard let wanted else { return }
            guard let seen else {
                unknown.append(label)
                return
            }
            if wanted != seen { differences.append(label) }
        }
        check(count, observed.count, "vCPUs")
        check(cores, observed.cores, "cores per socket")
        check(type, observed.type, "CPU type")
        check(compatibility, observed.compatibility, "processor compatibility")
        return (differences, unknown)
    }
}
