import Foundation
import Spec

/// A vCenter (or ESXi host) over the vim25 SOAP API: observes VMs with their CPU
/// configuration, host CPU model, cluster EVC mode, Fault Tolerance state, addresses and
/// snapshots; takes and removes snapshots and sets the vCPUs of powered-off VMs.
/// See docs/providers.md for the privileges it needs.
public struct VSphereProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .vsphere }
    public let settings: VSphereSettings
    public let options: VSphereOptions
    public let capabilities = ProviderCapabilities(observes: [.vm], performs: [.createSnapshot, .removeSnapshot, .reconfigureCPU])
    let client: VSphereClient
    private let httpConfiguration: HTTPClientConfiguration

    /// - Parameters:
    ///   - name: the provider's name in the spec.
    ///   - settings: its settings; the password is resolved at the first login.
    ///   - options: tuning; `options.environment` supplies secrets and proxy variables.
    public init(name: String, settings: VSphereSettings, options: VSphereOptions = VSphereOptions()) {
        self.name = name
        self.settings = settings
        self.options = options
        let timeout = Duration.seconds(max(1, settings.timeout.seconds))
        let configuration = HTTPClientConfiguration.provider(
            tls: settings.endpoint.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, cookies: true, userAgent: "sfreconcile (vSphere provider)")
        httpConfiguration = configuration
        let transport = ProviderTransport(injected: options.transport, configuration: configuration).transport
        let soap = SOAPClient(transport: transport, url: Self.sdkURL(settings.endpoint.url), provider: name)
        let username = settings.endpoint.username, password = settings.endpoint.password, environment = options.environment
        client = VSphereClient(soap: soap, retry: options.retry, maxConcurrentRequests: options.maxConcurrentRequests,
                               requestTimeout: timeout) { () throws(ProviderError) -> (user: String, password: SecretValue) in
            do throws(SecretReference.ResolutionError) {
                let user = try username.resolve(environment: environment).reveal()
                return (user, try password.resolve(environment: environment))
            } catch {
                throw ProviderError(.configuration, error.description,
                                    advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: name)
            }
        }
    }

    /// The SDK endpoint: the URL as written, with `/sdk` added when it has no path.
    static func sdkURL(_ url: EndpointURL) -> String {
        guard var components = URLComponents(string: url.text) else { return url.text }
        if components.path.isEmpty || components.path == "/" { components.path = "/sdk" }
        return components.string ?? url.text
    }

    public var warnings: [String] { httpConfiguration.warnings }

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var wanted: [ResourceRef] = []
        for ref in refs {
            if ref.kind == .vm, ref.provider == name {
                wanted.append(ref)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "the vSphere provider observes VMs, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type",
                                                           provider: name, resource: ref))
            }
        }
        guard !wanted.isEmpty else { return observations }
        let lookups: [String: VMLookup]
        do {
            lookups = try await client.lookUpVMs(named: Set(wanted.map(\.name)), options: options)
        } catch {
            return observations.merging(unknown(wanted, error)) { first, _ in first }
        }
        for ref in wanted {
            observations[ref] = observation(lookups[ref.name] ?? .absent, ref: ref)
        }
        return observations
    }

    private func observation(_ lookup: VMLookup, ref: ResourceRef) -> Observation {
        switch lookup {
        case .found(let record): return .present(.vm(record.state))
        case .absent: return .absent
        case .failed, .ambiguous: return .unknown(error(lookup, ref: ref)!)
        }
    }

    /// Why a lookup gave no VM to work with; nil when it found one or none.
    private func error(_ lookup: VMLookup, ref: ResourceRef) -> ProviderError? {
        switch lookup {
        case .found, .absent: return nil
        case .failed(let error): return error.attributed(provider: name, resource: ref)
        case .ambiguous(let refs):
            return ProviderError(.configuration,
                                 "\(refs.count) VMs are named \"\(ref.name)\" (\(refs.map(\.value).joined(separator: ", ")))",
                                 advice: "rename all but one of them; VMs the spec names must have unique names in their vCenter",
                                 provider: name, resource: ref)
        }
    }

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let ref = action.target
        guard ref.provider == name, ref.kind == .vm else {
            throw ProviderError(.configuration, "\(action) was sent to provider \(name)", provider: name, resource: ref)
        }
        do throws(ProviderError) {
            let record = try await vm(ref)
            switch action {
            case .createSnapshot(_, let snapshotName, let description):
                return try await createSnapshot(record, name: snapshotName, description: description)
            case .removeSnapshot(_, let id):
                return try await removeSnapshot(record, id: id)
            case .reconfigureCPU(_, let count, let cores):
                return try await reconfigureCPU(record, count: count, coresPerSocket: cores)
            case .triggerBackup, .startBackupJob, .setReplicationFrequency, .enableReplication:
                throw ProviderError(.unsupported, "the vSphere provider cannot \(action)")
            }
        } catch {
            throw error.attributed(provider: name, resource: ref)
        }
    }

    /// Ends the vCenter session.
    public func close() async {
        await client.logout()
    }

    // MARK: actions

    private func vm(_ ref: ResourceRef) async throws(ProviderError) -> VMProperties.Record {
        let lookups = try await client.lookUpVMs(named: [ref.name], options: options)
        let lookup = lookups[ref.name] ?? .absent
        switch lookup {
        case .found(let record): return record
        case .absent: throw ProviderError(.notFound, "no VM is named \"\(ref.name)\"", provider: name, resource: ref)
        case .failed, .ambiguous: throw error(lookup, ref: ref)!
        }
    }

    private func createSnapshot(_ vm: VMProperties.Record, name snapshotName: String,
                                description: String) async throws(ProviderError) -> ActionOutcome {
        if vm.state.snapshots.contains(where: { $0.name == snapshotName }) {
            return .unchanged("\(vm.state.name) already has a snapshot named \"\(snapshotName)\"")
        }
        let task = try await client.startTask("CreateSnapshot_Task", on: vm.ref) { writer in
            writer.element("name", snapshotName)
            writer.element("description", description)
            writer.element("memory", "false")
            writer.element("quiesce", "false")
        }
        try await client.waitForTask(task, doing: "create snapshot \"\(snapshotName)\" of \(vm.state.name)",
                                     timeout: options.taskTimeout, pollInterval: options.taskPollInterval)
        return .changed("took snapshot \"\(snapshotName)\" of \(vm.state.name)")
    }

    private func removeSnapshot(_ vm: VMProperties.Record, id: String) async throws(ProviderError) -> ActionOutcome {
        guard let snapshot = vm.state.snapshots.first(where: { $0.id == id }) else {
            return .unchanged("\(vm.state.name) has no snapshot \(id) (already removed)")
        }
        let what = "remove snapshot \"\(snapshot.name)\" (\(id)) of \(vm.state.name)"
        do {
            let task = try await client.startTask("RemoveSnapshot_Task", on: ManagedObjectReference("VirtualMachineSnapshot", id)) { writer in
                writer.element("removeChildren", "false")
                writer.element("consolidate", "true")
            }
            try await client.waitForTask(task, doing: what, timeout: options.taskTimeout, pollInterval: options.taskPollInterval)
        } catch where error.kind == .notFound {
            return .unchanged("\(vm.state.name) has no snapshot \(id) (removed meanwhile)")
        }
        return .changed("removed snapshot \"\(snapshot.name)\" of \(vm.state.name) and consolidated its disks")
    }

    private func reconfigureCPU(_ vm: VMProperties.Record, count: Int, coresPerSocket: Int) async throws(ProviderError) -> ActionOutcome {
        guard count > 0, coresPerSocket > 0, count % coresPerSocket == 0 else {
            throw ProviderError(.configuration, "\(count) vCPUs cannot be split into sockets of \(coresPerSocket) cores",
                                advice: "the vCPU count must be a multiple of the cores per socket")
        }
        if vm.state.numCPU == count, vm.state.coresPerSocket == coresPerSocket {
            return .unchanged("\(vm.state.name) already has \(count) vCPUs, \(coresPerSocket) per socket")
        }
        guard vm.state.powerState == .poweredOff else {
            throw ProviderError(.precondition,
                                "\(vm.state.name) is \(vm.state.powerState?.rawValue ?? "in an unknown power state"); vCPUs are changed only on a powered-off VM",
                                advice: "power the VM off first (a standby or replica VM should be off anyway)")
        }
        let task = try await client.startTask("ReconfigVM_Task", on: vm.ref) { writer in
            writer.element("spec") { spec in
                spec.element("numCPUs", String(count))
                spec.element("numCoresPerSocket", String(coresPerSocket))
            }
        }
        try await client.waitForTask(task, doing: "set \(vm.state.name) to \(count) vCPUs", timeout: options.taskTimeout,
                                     pollInterval: options.taskPollInterval)
        return .changed("set \(vm.state.name) to \(count) vCPUs, \(coresPerSocket) per socket")
    }
}

/// Stands in for an HTTP client that could not be made: every request fails with why.
struct FailingTransport: HTTPTransport {
    let error: HTTPError

    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        throw error
    }
}
