import Foundation
import Providers
import Spec

/// What every rule sees: the spec, the observed estate and the clock, plus the live
/// version history VER-2 derives backup versions from. No rule reads anything else, and
/// none asks the system clock: `now` is passed in.
public struct RuleContext: Sendable {
    public var spec: Spec
    public var estate: ObservedEstate
    /// The planning time: maintenance windows are judged at it.
    public var now: Date
    public var history: LiveVersionHistory
    public let resolver: RequiredResources

    public init(spec: Spec, estate: ObservedEstate, now: Date, history: LiveVersionHistory = LiveVersionHistory()) {
        self.spec = spec
        self.estate = estate
        self.now = now
        self.history = history
        self.resolver = RequiredResources(spec: spec)
    }

    /// The context of the instance called `name`; nil when the spec has none.
    public func instance(_ name: String) -> InstanceContext? {
        spec.instances[name].map { InstanceContext(self, name: name, instance: $0) }
    }

    /// Every instance's context, in spec order.
    public var instances: [InstanceContext] {
        spec.instances.entries.map { InstanceContext(self, name: $0.name, instance: $0.value) }
    }
}

/// One instance as its rules see it: the instance, the addresses of its resources, its
/// effective objectives, and lookups into the estate.
public struct InstanceContext: Sendable {
    public let context: RuleContext
    public let name: String
    public let instance: Instance
    public let resources: InstanceResources
    public let objectives: Objectives
    /// The addresses and observations of `resources`, each formatted or looked up once.
    let table: InstanceResourceTable

    public init(_ context: RuleContext, name: String, instance: Instance) {
        self.context = context
        self.name = name
        self.instance = instance
        self.resources = context.resolver.resources(for: instance, named: name)
        self.objectives = context.spec.objectives(for: instance)
        self.table = InstanceResourceTable(resources, estate: context.estate)
    }

    public var spec: Spec { context.spec }
    /// The planning time.
    public var now: Date { context.now }
    /// The time the estate was observed: ages and expiries are measured at it, so a plan
    /// describes the estate as observed and the same estate file always gives the same
    /// findings, whenever it is planned.
    public var asOf: Date { context.estate.observedAt }

    /// Seconds from `date` to the observation; never negative (a clock running ahead
    /// counts as "just now").
    func age(of date: Date) -> Int {
        max(0, Int(asOf.timeIntervalSince(date).rounded(.down)))
    }

    /// `ref`'s address, the same `String` for every finding about it.
    func address(of ref: ResourceRef) -> String { table.address(of: ref) }

    /// What the estate says of `ref`.
    func observation(of ref: ResourceRef) -> Observation { table.observation(of: ref, in: context.estate) }

    // MARK: Lookups

    func vm(_ ref: ResourceRef) -> Observed<VMState> {
        lookup(ref) { if case .vm(let state) = $0 { return state } else { return nil } }
    }

    func starface(_ ref: ResourceRef) -> Observed<StarfaceSystemState> {
        lookup(ref) { if case .starface(let state) = $0 { return state } else { return nil } }
    }

    func backups(_ ref: ResourceRef) -> Observed<BackupListing> {
        lookup(ref) { if case .backups(let state) = $0 { return state } else { return nil } }
    }

    func replication(_ ref: ResourceRef) -> Observed<ReplicationState> {
        lookup(ref) { if case .replication(let state) = $0 { return state } else { return nil } }
    }

    func backupJob(_ ref: ResourceRef) -> Observed<BackupJobState> {
        lookup(ref) { if case .backupJob(let state) = $0 { return state } else { return nil } }
    }

    private func lookup<T>(_ ref: ResourceRef, _ extract: (ResourceState) -> T?) -> Observed<T> {
        switch observation(of: ref) {
        case .absent: return .absent
        case .unknown(let error): return .unknown(error.attributed(provider: ref.provider, resource: ref))
        case .present(let state):
            if let value = extract(state) { return .present(value) }
            return .unknown(ProviderError(.protocol, "observed as a \(state.kind.rawValue), not a \(ref.kind.rawValue)",
                                          advice: "the observed estate is inconsistent; observe again",
                                          provider: ref.provider, resource: ref))
        }
    }

    /// The live STARFACE's version, or why it is not known.
    func liveVersion() -> Known<StarfaceVersion> {
        guard let ref = resources.liveStarface else {
            return .unknown(ProviderError(.configuration, "live.starface is not set, so the live system's version cannot be observed",
                                          advice: "name the starface provider answering for the live system in live.starface"))
        }
        return version(of: ref, role: "the live STARFACE")
    }

    /// A STARFACE system's version, or why it is not known (absent systems included).
    func version(of ref: ResourceRef, role: String) -> Known<StarfaceVersion> {
        switch starface(ref) {
        case .unknown(let error): return .unknown(error)
        case .absent:
            return .unknown(ProviderError(.notFound, "\(role) \(ref.provider) does not exist", provider: ref.provider, resource: ref))
        case .present(let state):
            if let version = state.version { return .known(version) }
            if let why = state.unreadable?["version"] {
                return .unknown(ProviderError(.unsupported, "\(role) \(ref.provider)'s version could not be read: \(why)",
                                              provider: ref.provider, resource: ref))
            }
            if !state.reachable {
                return .unknown(ProviderError(.unreachable, "\(role) \(ref.provider) did not answer, so its version is not known",
                                              provider: ref.provider, resource: ref))
            }
            return .unknown(ProviderError(.unsupported, "the provider did not report \(role)'s version",
                                          provider: ref.provider, resource: ref))
        }
    }
}

extension VMState {
    /// Why the hypervisor could not read a property whose path contains `fragment`
    /// (`faultToleranceState`), when it said so.
    func unreadableReason(containing fragment: String) -> String? {
        guard let unreadable else { return nil }
        return unreadable.keys.sorted().first { $0.contains(fragment) }.map { "\($0): \(unreadable[$0]!)" }
    }
}

/// One observation, typed: what a rule switches over.
enum Observed<T> {
    case present(T)
    case absent
    case unknown(ProviderError)
}

/// A value, or why it is not known.
enum Known<T> {
    case known(T)
    case unknown(ProviderError)

    var value: T? {
        if case .known(let value) = self { return value }
        return nil
    }
}

/// A family of rules, one file each, named after its IDs. A pure function of the
/// instance context: the same input gives the same findings, in the same order.
public protocol RuleFamily: Sendable {
    /// The rule IDs this family checks.
    var rules: [RuleID] { get }
    /// Every finding for one instance, satisfied and unknown ones included.
    func findings(for instance: InstanceContext) -> [Finding]
}

/// The rule families every plan runs, in the order findings are listed.
public enum RuleBook {
    public static let standard: [any RuleFamily] = [
        VersionRules(), BackupRules(), VMBackupRules(), SnapshotRules(), HardwareRules(),
        LocalRedundancyRules(), GeoRules(), PlatformRules(), ObjectiveRules(), InfrastructureRules(),
    ]
}
