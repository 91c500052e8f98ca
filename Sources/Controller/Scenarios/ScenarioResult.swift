import Providers
import Spec

/// A failure an instance must survive (DOMAIN.md, "Failure scenarios").
public enum Scenario: Sendable, Hashable, CustomStringConvertible {
    /// The host running the live VM fails.
    case host
    /// A whole site fails.
    case site(String)
    /// The live system's platform (the virtualisation estate) fails.
    case platform
    /// A bad change or corruption: the system must go back to an earlier state.
    case change

    /// `host`, `site:muc`, `platform`, `change`.
    public var description: String {
        switch self {
        case .host: return "host"
        case .site(let name): return "site:" + name
        case .platform: return "platform"
        case .change: return "change"
        }
    }
}

/// One way a scenario could be covered, and whether it works as observed.
public struct Mechanism: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case working
        case broken
        case unknown
    }

    /// `fault tolerance`, `geo replica at ham (srm-muc)`, …
    public var name: String
    public var status: Status
    /// Achieved RTO if it works; nil when no estimate exists.
    public var rto: TimeSpan?
    public var rpo: TimeSpan?
    /// Why it is broken or unknown.
    public var note: String?
    /// For unknown: the provider's reason.
    public var error: ProviderError? {
        get { if case .some(let error)? = boxedError { error } else { nil } }
        set { boxedError = newValue.map(BoxedError.some) }
    }
    /// `error` out of line: few mechanisms have one, and a plan holds 100,000 mechanisms at
    /// 10,000 instances, each copied as scenarios are sorted and assembled.
    private var boxedError: BoxedError?
    /// The redundancy layer, in the order a failure falls through them: Fault Tolerance,
    /// HA restart, geo replica, platform standby. Among mechanisms that meet the
    /// objectives (or, when none does, among all working ones) the lowest layer counts.
    public var layer: Int

    public init(name: String, status: Status, rto: TimeSpan? = nil, rpo: TimeSpan? = nil, note: String? = nil, error: ProviderError? = nil,
                layer: Int = 0) {
        self.layer = layer
        self.name = name
        self.status = status
        self.rto = rto
        self.rpo = rpo
        self.note = note
        self.boxedError = error.map(BoxedError.some)
    }
}

/// A provider error kept behind one pointer.
private indirect enum BoxedError: Sendable, Hashable {
    case some(ProviderError)
}

/// The outcome of one scenario for one instance: the best mechanism observed working, what
/// it achieves, and whether the objectives hold.
public struct ScenarioResult: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// The best working mechanism meets the objectives.
        case holds
        /// It does not, and no unknown mechanism could do better.
        case fails
        /// No mechanism works, and none is unknown.
        case uncovered
        /// It depends on something not observed.
        case unknown
        /// Covered, but the spec sets no objective for the scenario.
        case notJudged = "not_judged"
    }

    public var instance: String
    public var scenario: Scenario
    /// Every mechanism considered: the working ones first, best first, then the others.
    public var considered: [Mechanism]
    public var objective: Objective?
    public var verdict: Verdict

    /// - Parameter considered: the working mechanisms first, best first, then the others.
    public init(instance: String, scenario: Scenario, considered: [Mechanism], objective: Objective?, verdict: Verdict) {
        self.instance = instance
        self.scenario = scenario
        self.considered = considered
        self.objective = objective
        self.verdict = verdict
    }

    /// Whether some mechanism works (then it is the first considered).
    public var hasWorkingMechanism: Bool { !considered.isEmpty && considered[0].status == .working }

    /// The best working mechanism; nil when none works.
    public var mechanism: Mechanism? { hasWorkingMechanism ? considered[0] : nil }

    /// Achieved RTO; nil when uncovered or not estimated.
    public var rto: TimeSpan? { hasWorkingMechanism ? considered[0].rto : nil }
    /// Achieved RPO; nil when uncovered.
    public var rpo: TimeSpan? { hasWorkingMechanism ? considered[0].rpo : nil }

    /// True or false when judged; nil when unknown or not judged.
    public var holds: Bool? {
        switch verdict {
        case .holds: return true
        case .fails: return false
        case .uncovered: return objective == nil ? nil : false
        case .unknown, .notJudged: return nil
        }
    }
}
