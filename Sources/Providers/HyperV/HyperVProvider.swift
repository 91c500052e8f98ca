import Foundation
import Spec

/// A Hyper-V host or failover cluster over WinRM (HTTPS, port 5986): observes VMs —
/// processor count and migration compatibility (HWID-1), clustered role (LOC-2),
/// checkpoints with their type (SNP-1) — and their Hyper-V Replica replication (GEO-1/2);
/// removes a checkpoint (never a replica recovery point), sets the replication frequency,
/// enables or resumes replication. See docs/providers.md for the groups the account needs.
///
/// Observation: one PowerShell run for all VMs and replications asked about. A VM of that
/// name missing is `absent`, and so is the replication of a VM that has none; any failure
/// is `unknown` with the reason.
public struct HyperVProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .hyperv }
    public let settings: HyperVSettings
    public let options: HyperVOptions
    public let capabilities = ProviderCapabilities(observes: [.vm, .replication],
                                                   performs: [.removeSnapshot, .setReplicationFrequency, .enableReplication])
    private let client: WinRMClient

    /// Replication frequencies Hyper-V Replica accepts, in seconds.
    public static let frequencies = [30, 300, 900]

    public init(name: String, settings: HyperVSettings, options: HyperVOptions = HyperVOptions()) {
        self.name = name
        self.settings = settings
        self.options = options
        client = WinRMClient(provider: name, settings: settings, options: options)
    }

    public var warnings: [String] {
        settings.endpoint.tls.insecureSkipVerify ? ["provider \(name): TLS certificate verification is off (tls.insecureSkipVerify)"] : []
    }

    // MARK: observe

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var wanted: [ResourceRef] = []
        for ref in refs {
            if ref.provider == name, ref.kind == .vm || ref.kind == .replication {
                wanted.append(ref)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "the Hyper-V provider observes VMs and replication, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type", provider: name, resource: ref))
            }
        }
        guard !wanted.isEmpty else { return observations }
        let names = Array(Set(wanted.map(\.name))).sorted()
        let vms: [HyperVModels.VM]
        do throws(ProviderError) {
            vms = try await readVMs(names)
        } catch {
            return observations.merging(unknown(wanted, error)) { first, _ in first }
        }
        for ref in wanted {
            observations[ref] = observation(of: ref, in: vms)
        }
        return observations
    }

    private func observation(of ref: ResourceRef, in vms: [HyperVModels.VM]) -> Observation {
        guard let vm = vms.first(where: { $0.name.lowercased() == ref.name.lowercased() }) else {
            return .unknown(ProviderError(.protocol, "the observe script did not report \(ref.name)", provider: name, resource: ref))
        }
        guard vm.found else { return .absent }
        if let duplicates = vm.duplicates {
            return .unknown(ProviderError(.configuration, "\(duplicates) VMs are named \"\(ref.name)\"",
                                          advice: "rename all but one; the spec names VMs by name", provider: name, resource: ref))
        }
        switch ref.kind {
        case .replication:
            guard let replication = vm.replication else { return .absent }
            return .present(.replication(HyperVModels.replicationState(replication)))
        default:
            return .present(.vm(HyperVModels.vmState(vm)))
        }
    }

    private func readVMs(_ names: [String]) async throws(ProviderError) -> [HyperVModels.VM] {
        let result = try await client.run(HyperVScripts.observe(vms: names))
        return try decode([HyperVModels.VM].self, result, "observe")
    }

    /// The script's JSON, or the error it reported.
    private func decode<T: Decodable>(_ type: T.Type, _ result: PowerShellResult, _ what: String) throws(ProviderError) -> T {
        guard result.exitCode == 0 else {
            let said = result.stderr.isEmpty ? "no error text" : result.stderr
            let denied = said.localizedCaseInsensitiveContains("permission") || said.localizedCaseInsensitiveContains("access")
                && said.localizedCaseInsensitiveContains("denied")
            throw ProviderError(denied ? .permission : .protocol, "the \(what) script failed (exit \(result.exitCode)): \(said)",
                                advice: denied ? "add the account to the host's Hyper-V Administrators group" : nil, provider: name)
        }
        do {
            return try JSONDecoder().decode(T.self, from: result.stdout)
        } catch {
            throw ProviderError(.protocol, "the \(what) script answered something that is not the expected JSON (\(ExecProvider.describe(error))): "
                                    + (RESTResponses.snippet(result.stdout) ?? "nothing")
                                    + (result.stderr.isEmpty ? "" : "; stderr: \(result.stderr)"),
                                advice: "check that the Hyper-V PowerShell module is installed on the host", provider: name)
        }
    }

    // MARK: perform

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let ref = action.target
        guard ref.provider == name else {
            throw ProviderError(.configuration, "\(action) was sent to provider \(name)", provider: name, resource: ref)
        }
        do throws(ProviderError) {
            switch action {
            case .removeSnapshot(let vm, let id) where vm.kind == .vm:
                return try await removeCheckpoint(vm: vm.name, id: id)
            case .setReplicationFrequency(let replication, let seconds) where replication.kind == .replication:
                guard Self.frequencies.contains(seconds) else {
                    throw ProviderError(.precondition, "Hyper-V Replica cannot replicate every \(seconds) s",
                                        advice: "choose 30 s, 5 min or 15 min")
                }
                return try await act(HyperVScripts.setFrequency(vm: replication.name, seconds: seconds), "set-frequency")
            case .enableReplication(let replication, let server, let seconds) where replication.kind == .replication:
                if let seconds, !Self.frequencies.contains(seconds) {
                    throw ProviderError(.precondition, "Hyper-V Replica cannot replicate every \(seconds) s",
                                        advice: "choose 30 s, 5 min or 15 min")
                }
                return try await act(HyperVScripts.enableReplication(vm: replication.name, server: server, seconds: seconds), "enable-replication")
            default:
                throw ProviderError(.unsupported, "the Hyper-V provider cannot \(action)")
            }
        } catch {
            throw error.attributed(provider: name, resource: ref)
        }
    }

    /// Removes a checkpoint after checking, from a fresh observation, that it is not a
    /// Hyper-V Replica recovery point (the script checks again on the host).
    private func removeCheckpoint(vm: String, id: String) async throws(ProviderError) -> ActionOutcome {
        let vms = try await readVMs([vm])
        guard let seen = vms.first(where: { $0.name.lowercased() == vm.lowercased() }), seen.found else {
            throw ProviderError(.notFound, "Hyper-V has no VM named \"\(vm)\"")
        }
        guard let checkpoint = seen.checkpoints?.first(where: { $0.id == id }) else {
            return .unchanged("no checkpoint \(id) on \(vm)")
        }
        if let type = checkpoint.type, type.lowercased().hasPrefix("replica") {
            throw ProviderError(.precondition, "checkpoint \"\(checkpoint.name)\" is a \(type) recovery point of Hyper-V Replica",
                                advice: "sfreconcile never removes replica recovery points; Hyper-V Replica manages them")
        }
        return try await act(HyperVScripts.removeCheckpoint(vm: vm, id: id), "remove-checkpoint")
    }

    private func act(_ script: String, _ what: String) async throws(ProviderError) -> ActionOutcome {
        let answer = try decode(HyperVModels.ActionAnswer.self, try await client.run(script), what)
        if let refused = answer.refused {
            throw ProviderError(.precondition, refused)
        }
        let message = answer.message ?? what
        return answer.changed == true ? .changed(message) : .unchanged(message)
    }
}
