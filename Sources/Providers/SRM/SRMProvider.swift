import Foundation
import Spec

/// VMware Site Recovery Manager over its REST API gateway: observes the replication of VMs
/// by name — the protection group holding each, its protection status and RPO, the recovery
/// plan covering the group and that plan's state (GEO-1/2), and whether the plan re-IPs the
/// VM on failover (GEO-3, from the VM's recovery settings; unknown where the gateway does
/// not expose them). Observes only; changes to SRM are left to a person.
///
/// Observation: pairings, protection groups, their VMs and recovery plans are read once per
/// observation. A VM in no protection group of any pairing is `absent`.
public struct SRMProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .srm }
    public let settings: SRMSettings
    public let options: SRMOptions
    public let capabilities = ProviderCapabilities(observes: [.replication])
    private let client: SRMClient
    private let httpConfiguration: HTTPClientConfiguration
    private let transportFailure: HTTPError?

    public init(name: String, settings: SRMSettings, options: SRMOptions = SRMOptions(), transport: (any HTTPTransport)? = nil) {
        self.name = name
        self.settings = settings
        self.options = options
        let configuration = HTTPClientConfiguration.provider(
            tls: settings.endpoint.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, userAgent: "sfreconcile (SRM provider)")
        httpConfiguration = configuration
        let setup = ProviderTransport(injected: transport, configuration: configuration)
        transportFailure = setup.failure
        client = SRMClient(provider: name, settings: settings, transport: setup.transport, options: options)
    }

    public var warnings: [String] { httpConfiguration.warnings }

    /// Logins so far (tests).
    public func logins() async -> Int { await client.logins }

    /// One protected VM with where it is protected.
    struct Protection: Sendable {
        var pairing: String
        var group: SRMModels.Group
        var vm: SRMModels.ProtectedVM
    }

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var wanted: [ResourceRef] = []
        for ref in refs {
            if ref.kind == .replication, ref.provider == name {
                wanted.append(ref)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "the SRM provider observes replication, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type", provider: name, resource: ref))
            }
        }
        guard !wanted.isEmpty else { return observations }
        let inventory: (protections: [Protection], plans: [String: [SRMModels.Plan]])
        do throws(ProviderError) {
            inventory = try await readInventory()
        } catch {
            return observations.merging(unknown(wanted, error)) { first, _ in first }
        }
        for ref in wanted {
            let matches = inventory.protections.filter { $0.vm.name == ref.name }
            guard let protection = matches.first else {
                observations[ref] = .absent
                continue
            }
            let plan = inventory.plans[protection.pairing]?.first { $0.protectionGroups?.contains(protection.group.id) ?? false }
            var state = ReplicationState(mechanism: .srm, state: protection.vm.protectionStatus ?? protection.group.protectionState ?? "unknown")
            state.protectionGroup = protection.group.name
            state.rpo = protection.vm.rpoMinutes.map { .minutes($0) }
            state.lastReplication = protection.vm.lastSyncTime.flatMap(Timestamp.parse)
            state.replicaVM = protection.vm.replicaVMName
            state.recoveryPlan = plan?.name
            state.recoveryPlanState = plan?.status
            state.health = Self.health(vm: protection.vm.protectionStatus, plan: plan?.status)
            if let plan {
                state.ipCustomization = await ipCustomization(pairing: protection.pairing, plan: plan.id, vm: protection.vm.id)
            }
            observations[ref] = .present(.replication(state))
        }
        return observations
    }

    /// Normal when the VM is protected and its plan is ready; critical when either reports
    /// an error; otherwise nil (the state words decide).
    static func health(vm: String?, plan: String?) -> ReplicationHealth? {
        let vmWord = (vm ?? "").uppercased(), planWord = (plan ?? "").uppercased()
        if vmWord.contains("ERROR") || planWord.contains("ERROR") || planWord.contains("INCOMPLETE") { return .critical }
        if vmWord.contains("WARNING") || planWord.contains("NEEDS") { return .warning }
        if ["OK", "PROTECTED", "READY"].contains(where: vmWord.contains), planWord == "READY_STATE" || planWord == "READY" { return .normal }
        return nil
    }

    /// Whether the plan changes the VM's IP addresses on recovery; nil when the gateway does
    /// not expose recovery settings (GEO-3 then stays unknown, never "no re-IP").
    private func ipCustomization(pairing: String, plan: String, vm: String) async -> Bool? {
        let path = "/pairings/\(RESTResponses.percentEncode(pairing))/recovery-management/plans/\(RESTResponses.percentEncode(plan))"
            + "/vms/\(RESTResponses.percentEncode(vm))/recovery-settings"
        guard let response = try? await client.get(path), response.isSuccess,
              let state = try? JSONDecoder().decode(SRMModels.RecoverySettingsState.self, from: response.body),
              let settings = state.recoverySettings else { return nil }
        return SRMModels.changesIP(settings)
    }

    private func readInventory() async throws(ProviderError) -> (protections: [Protection], plans: [String: [SRMModels.Plan]]) {
        if let transportFailure { throw ProviderError(transportFailure, provider: name) }
        let pairings = try await client.all(SRMModels.Pairing.self, "/pairings")
        var protections: [Protection] = []
        var plans: [String: [SRMModels.Plan]] = [:]
        for pairing in pairings {
            let p = "/pairings/\(RESTResponses.percentEncode(pairing.pairingID))"
            let groups = try await client.all(SRMModels.Group.self, p + "/protection-management/groups")
            for group in groups {
                let vms = try await client.all(SRMModels.ProtectedVM.self,
                                               p + "/protection-management/groups/\(RESTResponses.percentEncode(group.id))/vms")
                protections += vms.map { Protection(pairing: pairing.pairingID, group: group, vm: $0) }
            }
            plans[pairing.pairingID] = try await client.all(SRMModels.Plan.self, p + "/recovery-management/plans")
        }
        return (protections, plans)
    }

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        throw ProviderError(.unsupported, "the SRM provider observes only; it cannot \(action)",
                            advice: "make the change in Site Recovery Manager", provider: name, resource: action.target)
    }

    /// Ends the API session.
    public func close() async {
        await client.logout()
    }
}
