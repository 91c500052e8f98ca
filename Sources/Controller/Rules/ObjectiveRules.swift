import Providers
import Spec

/// OBJ-1: for every failure scenario the achieved RTO and RPO, computed from what is
/// observed (`ScenarioAnalysis`), meet the spec's objectives. A scenario that fails its
/// objectives, or that nothing covers, is critical; one that depends on something not
/// observed is unknown. Alert only.
public struct ObjectiveRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.obj1] }

    public func findings(for c: InstanceContext) -> [Finding] {
        Self.findings(from: ScenarioAnalysis.scenarios(for: c))
    }

    /// The OBJ-1 findings of already analysed scenarios.
    public static func findings(from scenarios: [ScenarioResult]) -> [Finding] {
        scenarios.compactMap(finding)
    }

    static func finding(_ result: ScenarioResult) -> Finding? {
        let address = Self.address(of: result.scenario)
        let desired = result.objective.map(Self.describe)
        let achieved = result.mechanism.map { "\($0.name): RTO \(Self.span($0.rto)), RPO \(Self.span($0.rpo))" }
        switch result.verdict {
        case .holds:
            return .satisfied(.obj1, result.instance, address, desired: desired, observed: achieved,
                              .objectivesMet(scenario: result.scenario, mechanism: result.mechanism!.name, rto: result.rto, rpo: result.rpo,
                                             objectives: desired))
        case .notJudged:
            return nil
        case .fails:
            let what = Self.describe(result.scenario)
            return .violated(.obj1, .critical, result.instance, address, desired: desired, observed: achieved,
                             "\(what.capitalizedFirst): the best working mechanism, \(result.mechanism!.name), achieves RTO \(Self.span(result.rto)) and RPO \(Self.span(result.rpo)); the objective is \(desired ?? "-")."
                                 + Self.notes(result), remedy: .alert)
        case .uncovered:
            let what = Self.describe(result.scenario)
            return .violated(.obj1, .critical, result.instance, address, desired: desired ?? "covered", observed: "nothing covers it",
                             "\(what.capitalizedFirst): nothing covers it." + Self.notes(result), remedy: .alert)
        case .unknown:
            let what = Self.describe(result.scenario)
            let error = result.considered.compactMap(\.error).first
                ?? ProviderError(.unsupported, "the achieved RTO or RPO cannot be told from what was observed")
            return .unknown(.obj1, .critical, result.instance, address, desired: desired, "Whether \(what) meets its objectives", because: error)
        }
    }

    /// `scenario:<scenario>`; literals where the scenario names no site, so they cost nothing.
    static func address(of scenario: Scenario) -> String {
        switch scenario {
        case .host: return "scenario:host"
        case .site: return "scenario:\(scenario)"
        case .platform: return "scenario:platform"
        case .change: return "scenario:change"
        }
    }

    static func describe(_ scenario: Scenario) -> String {
        switch scenario {
        case .host: return "a failure of the live VM's host"
        case .site(let name): return "a failure of site \(name)"
        case .platform: return "a failure of the virtualisation platform"
        case .change: return "a bad change or corruption"
        }
    }

    /// `RTO 1m, RPO 0s`, or either part alone (written without an array: once per scenario
    /// and instance).
    static func describe(_ objective: Objective) -> String {
        switch (objective.rto, objective.rpo) {
        case let (rto?, rpo?): return "RTO \(rto), RPO \(rpo)"
        case let (rto?, nil): return "RTO \(rto)"
        case let (nil, rpo?): return "RPO \(rpo)"
        case (nil, nil): return ""
        }
    }

    static func span(_ span: TimeSpan?) -> String { span.map { Human.age($0.seconds) } ?? "not estimated" }

    private static func notes(_ result: ScenarioResult) -> String {
        let broken = result.considered.filter { $0.status != .working }
        guard !broken.isEmpty else { return "" }
        return " Not counted: " + broken.map { "\($0.name) (\($0.note ?? $0.status.rawValue))" }.joined(separator: "; ") + "."
    }
}
