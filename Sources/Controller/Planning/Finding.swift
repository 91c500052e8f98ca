import Providers
import Spec

/// The outcome of one rule's check on one resource of one instance: the unit a plan is
/// made of. Rules produce findings; the planner turns violated ones into actions or alerts.
public struct Finding: Sendable, Hashable {
    /// Whether the check held.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The spec is not met.
        case violated
        /// The spec is met.
        case satisfied
        /// The check could not be made: something it needs was not observed, and why is in
        /// `unknownReason`. Never read as "ok".
        case unknown
    }

    /// The instance's name in the spec.
    public var instance: String
    /// What the finding is about: a resource address (`vc-muc/vm/starface-pbx01`, with
    /// `#snapshot:<id>` for a snapshot), or a spec path (`instances.pbx-main.backups.starface`)
    /// for checks of the spec itself, or `scenario:<name>` for OBJ-1.
    public var address: String
    /// Tells apart several findings of one rule on one address (`freshness`, `membership`).
    public var check: String?
    /// What the spec asks for, as shown to a person.
    public var desired: String?
    /// What was observed, as shown to a person.
    public var observed: String?
    /// A sentence an admin understands. A satisfied finding keeps what its sentence is made
    /// of and writes it only when read (the text renderer never does); setting it stores
    /// the text.
    public var message: String {
        get {
            if case .sentence(let sentence)? = detail { return sentence.text }
            return text
        }
        set {
            text = newValue
            if case .sentence? = detail { detail = nil }
        }
    }
    /// `message` as given, when `detail` holds no sentence.
    private var text: String
    /// For `unknown`: why the check could not be made.
    public var unknownReason: ProviderError? {
        get { if case .reason(.some(let error))? = detail { error } else { nil } }
        set {
            if case .sentence(let sentence)? = detail { text = sentence.text }
            detail = newValue.map { .reason(.some($0)) }
        }
    }
    /// The id of the planned action that fixes this finding; set by the planner.
    public var action: String?
    /// `unknownReason` or a satisfied finding's sentence, out of line behind one pointer:
    /// a plan holds 200,000 findings (every byte of `Finding` is 200 kB there, copied as
    /// the plan is assembled), and most need neither.
    private var detail: Detail?
    /// What the planner may do about a violation.
    public var remedy: Remedy
    // The one-byte properties come last, in the padding after `remedy`'s tag: 144 bytes
    // a finding instead of 152.
    public var rule: RuleID
    public var status: Status
    public var severity: Severity

    public init(rule: RuleID, status: Status, severity: Severity, instance: String, address: String, check: String? = nil,
                desired: String? = nil, observed: String? = nil, message: String, remedy: Remedy = .none,
                unknownReason: ProviderError? = nil) {
        self.rule = rule
        self.status = status
        self.severity = severity
        self.instance = instance
        self.address = address
        self.check = check
        self.desired = desired
        self.observed = observed
        self.text = message
        self.remedy = remedy
        self.detail = unknownReason.map { .reason(.some($0)) }
    }

    /// A satisfied finding whose message is `sentence`, written when read.
    init(rule: RuleID, instance: String, address: String, check: String?, desired: String?, observed: String?,
         sentence: FindingSentence) {
        self.init(rule: rule, status: .satisfied, severity: .info, instance: instance, address: address, check: check,
                  desired: desired, observed: observed, message: "")
        self.detail = .sentence(sentence)
    }

    /// Unique within a plan, stable across runs: `<instance>:<rule>:<address>[:<check>]`.
    public var id: String {
        var text = instance + ":" + rule.rawValue + ":" + address
        if let check { text += ":" + check }
        return text
    }
}

extension Finding {
    /// Equal when every property is, `message` compared as text: the same sentence always
    /// reads the same, so equal sentences spare writing both out.
    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        guard lhs.rule == rhs.rule, lhs.status == rhs.status, lhs.severity == rhs.severity, lhs.instance == rhs.instance,
              lhs.address == rhs.address, lhs.check == rhs.check, lhs.desired == rhs.desired, lhs.observed == rhs.observed,
              lhs.remedy == rhs.remedy, lhs.unknownReason == rhs.unknownReason, lhs.action == rhs.action
        else { return false }
        if case .sentence(let left)? = lhs.detail, case .sentence(let right)? = rhs.detail, left == right { return true }
        return lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(status)
        hasher.combine(severity)
        hasher.combine(instance)
        hasher.combine(address)
        hasher.combine(check)
        hasher.combine(desired)
        hasher.combine(observed)
        hasher.combine(message)
        hasher.combine(remedy)
        hasher.combine(unknownReason)
        hasher.combine(action)
    }
}

/// What a finding keeps out of line; each case is one pointer.
private enum Detail: Sendable {
    case reason(Boxed<ProviderError>)
    case sentence(FindingSentence)
}

/// A value kept out of line, behind one pointer.
private indirect enum Boxed<Value: Sendable & Hashable>: Sendable, Hashable {
    case some(Value)
}

/// What the planner may do about a violated finding.
public enum Remedy: Sendable, Hashable {
    /// Nothing to do (satisfied or unknown findings).
    case none
    /// A change the controller may make, subject to policy, VER-3 and maintenance windows.
    /// Out of line: a fix is large and few findings carry one.
    indirect case fix(ProposedFix)
    /// Only a person can fix it: raise an alert.
    case alert
    /// Advice: shown in the plan, neither fixed nor alerted (INF-1).
    case report
    /// VER-3: the action with this id must not run; raise an alert.
    case block(actionID: String)
}

/// A change a rule proposes to fix its finding. The planner decides whether and when it
/// runs; the rule decides what it is.
public struct ProposedFix: Sendable, Hashable {
    public var type: ActionType
    /// The address of what changes.
    public var target: String
    /// Which system changes; decides the impact.
    public var role: ActionRole
    /// The STARFACE VM the change alters, when SNP-2 must guard it with a snapshot.
    public var guardedVM: ResourceRef?
    /// The change in a few words, e.g. `delete snapshot "before-update" of starface-pbx01`.
    public var summary: String
    /// Why, in a few words, e.g. `9d2h old > 3d`.
    public var reason: String
    /// The values the change sets, in display order.
    public var parameters: [ActionParameter]

    public init(type: ActionType, target: String, role: ActionRole, guardedVM: ResourceRef? = nil, summary: String,
                reason: String, parameters: [ActionParameter] = []) {
        self.type = type
        self.target = target
        self.role = role
        self.guardedVM = guardedVM
        self.summary = summary
        self.reason = reason
        self.parameters = parameters
    }

    /// The id the planner gives the action carrying out this fix.
    public var actionID: String { PlannedAction.id(type: type, target: target) }
}

/// One value an action sets, e.g. `version = 8.1.0.11`.
public struct ActionParameter: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Finding {
    /// A check that held, with a fixed sentence (a literal costs nothing to keep).
    static func satisfied(_ rule: RuleID, _ instance: String, _ address: String, check: String? = nil,
                          desired: String? = nil, observed: String? = nil, _ message: String) -> Finding {
        Finding(rule: rule, status: .satisfied, severity: .info, instance: instance, address: address, check: check,
                desired: desired, observed: observed, message: message)
    }

    /// A check that held, its sentence written only when read.
    static func satisfied(_ rule: RuleID, _ instance: String, _ address: String, check: String? = nil,
                          desired: String? = nil, observed: String? = nil, _ sentence: FindingSentence) -> Finding {
        Finding(rule: rule, instance: instance, address: address, check: check, desired: desired, observed: observed,
                sentence: sentence)
    }

    /// A check that failed.
    static func violated(_ rule: RuleID, _ severity: Severity, _ instance: String, _ address: String, check: String? = nil,
                         desired: String? = nil, observed: String? = nil, _ message: String, remedy: Remedy) -> Finding {
        Finding(rule: rule, status: .violated, severity: severity, instance: instance, address: address, check: check,
                desired: desired, observed: observed, message: message, remedy: remedy)
    }

    /// A check that could not be made because of `error`.
    static func unknown(_ rule: RuleID, _ severity: Severity, _ instance: String, _ address: String, check: String? = nil,
                        desired: String? = nil, _ what: String, because error: ProviderError) -> Finding {
        Finding(rule: rule, status: .unknown, severity: severity, instance: instance, address: address, check: check,
                desired: desired, observed: "unknown",
                message: "\(what) is unknown: \(error.briefDescription)", unknownReason: error)
    }
}

extension ProviderError {
    /// `provider: kind: message`, without the resource (findings name it) and the advice.
    var briefDescription: String {
        var text = ""
        if let provider { text += provider + ": " }
        return text + kind.rawValue + ": " + message
    }
}
