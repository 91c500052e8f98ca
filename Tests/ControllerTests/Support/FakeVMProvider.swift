import Foundation
import Providers
import Spec
import Synchronization

/// An in-process hypervisor for the applier's unit tests: VMs with snapshots and vCPUs,
/// `perform` idempotent as the `Provider` contract says (vSphere's behaviour as
/// PROVIDERS.md and the vcsim tests show it). It counts calls and can fail on demand. The
/// applier against a real peer is tested in EndToEndTests (vcsim).
final class FakeVMProvider: Provider, Sendable {
    let name: String
    var type: ProviderSettings.Kind { .vsphere }
    var capabilities: ProviderCapabilities { ProviderCapabilities() }

    struct State: Sendable {
        var vms: [String: VMState] = [:]
        var performed: [ProviderAction] = []
        var nextSnapshot = 100
        /// Errors thrown by the next calls of `perform`, first first.
        var failures: [ProviderError] = []
        /// Errors answered by the next observations, first first.
        var unknown: [ProviderError] = []
    }

    let state: Mutex<State>

    init(name: String, vms: [VMState]) {
        self.name = name
        state = Mutex(State(vms: Dictionary(vms.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })))
    }

    var performed: [ProviderAction] { state.withLock { $0.performed } }

    func vm(_ name: String) -> VMState? { state.withLock { $0.vms[name] } }

    func failNextPerform(with error: ProviderError) { state.withLock { $0.failures.append(error) } }

    func failNextObservation(with error: ProviderError) { state.withLock { $0.unknown.append(error) } }

    func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        state.withLock { state in
            var out: [ResourceRef: Observation] = [:]
            for ref in refs {
                if !state.unknown.isEmpty {
                    out[ref] = .unknown(state.unknown.removeFirst())
                } else {
                    out[ref] = state.vms[ref.name].map { .present(.vm($0)) } ?? .absent
                }
            }
            return out
        }
    }

    func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let result: Result<ActionOutcome, ProviderError> = state.withLock { state in
            if !state.failures.isEmpty { return .failure(state.failures.removeFirst()) }
            state.performed.append(action)
            guard var vm = state.vms[action.target.name] else { return .failure(ProviderError(.notFound, "no VM \(action.target.name)")) }
            defer { state.vms[vm.name] = vm }
            // `if case` rather than `switch`: provider actions added elsewhere (Hyper-V) need no case here.
            if case .createSnapshot(_, let name, let description) = action {
                if vm.snapshots.contains(where: { $0.name == name }) { return .success(.unchanged("exists")) }
                state.nextSnapshot += 1
                vm.snapshots.append(VMSnapshot(id: "snapshot-\(state.nextSnapshot)", name: name, description: description, createTime: Date()))
                return .success(.changed("took \(name)"))
            }
            if case .removeSnapshot(_, let id) = action {
                guard vm.snapshots.contains(where: { $0.id == id }) else { return .success(.unchanged("gone")) }
                vm.snapshots.removeAll { $0.id == id }
                return .success(.changed("removed \(id)"))
            }
            if case .reconfigureCPU(_, let count, let cores) = action {
                guard vm.powerState == .poweredOff else { return .failure(ProviderError(.precondition, "\(vm.name) is powered on")) }
                vm.numCPU = count
                vm.coresPerSocket = cores
                return .success(.changed("set \(count)x\(cores)"))
            }
            return .failure(ProviderError(.unsupported, "not a hypervisor action the fake knows: \(action)"))
        }
        return try result.get()
    }
}
