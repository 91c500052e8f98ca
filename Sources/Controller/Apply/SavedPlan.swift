import Foundation
import Providers
import Spec

/// What `apply` reads back from a plan's JSON form (docs/plan-json.md): the revision and
/// observed digest it was made from, and its actions. Findings, scenarios and the rest are
/// for people and are not read. Any 1.x `format_version` is read (minor versions only add
/// keys); another major version is refused.
public struct SavedPlan: Sendable {
    public var formatVersion: String
    public var revision: String?
    public var observedDigest: String
    public var plannedAt: Date
    public var complete: Bool
    public var errored: Bool
    public var actions: [PlannedAction]
    /// The alerts' messages, shown again when applying.
    public var alerts: [String]
    /// The plan's JSON as read: what the state store keeps with a run.
    public var json: [UInt8]

    /// A plan made in this process, with its JSON.
    public init(_ plan: Plan, json: [UInt8]) {
        formatVersion = Plan.formatVersion
        revision = plan.revision
        observedDigest = plan.observedDigest
        plannedAt = plan.plannedAt
        complete = plan.complete
        errored = plan.errored
        actions = plan.actions
        alerts = plan.alerts.map(\.message)
        self.json = json
    }

    /// A plan file that cannot be applied, and why.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a plan written by `plan --out FILE` or `plan --format json`.
    public static func read(path: String) throws(Problem) -> SavedPlan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Problem(description: "\(path): cannot read the plan: \((error as NSError).localizedDescription)")
        }
        return try parse([UInt8](data), source: path)
    }

    /// Parses plan JSON; `source` names it in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws(Problem) -> SavedPlan {
        func fail(_ text: String) -> Problem { Problem(description: "\(source): \(text)") }
        guard case .object(let root)? = try? JSONParser.parse(Data(bytes)) else {
            throw fail("not JSON; write the plan with `sfreconcile plan --out FILE`")
        }
        guard case .string(let version)? = root["format_version"] else { throw fail("no format_version: not a plan (docs/plan-json.md)") }
        guard version.split(separator: ".").first == Plan.formatVersion.split(separator: ".").first else {
            throw fail("format_version \(version) cannot be applied by this sfreconcile (reads \(Plan.formatVersion.split(separator: ".")[0]).x)")
        }
        guard case .string(let digest)? = root["observed_digest"] else { throw fail("no observed_digest") }
        guard case .string(let planned)? = root["planned_at"], let plannedAt = Timestamp.parse(planned) else { throw fail("no planned_at time") }
        guard case .array(let list)? = root["actions"] else { throw fail("no actions list") }
        var actions: [PlannedAction] = []
        for (index, node) in list.enumerated() {
            do throws(Problem) {
                actions.append(try action(node))
            } catch {
                throw fail("actions[\(index)]: \(error.description)")
            }
        }
        var alerts: [String] = []
        if case .array(let items)? = root["alerts"] {
            for case .object(let alert) in items { if case .string(let message)? = alert["message"] { alerts.append(message) } }
        }
        var plan = SavedPlan(formatVersion: version, revision: nil, observedDigest: digest, plannedAt: plannedAt, complete: true,
                             errored: false, actions: actions, alerts: alerts, json: bytes)
        if case .string(let revision)? = root["revision"] { plan.revision = revision }
        if case .bool(let complete)? = root["complete"] { plan.complete = complete }
        if case .bool(let errored)? = root["errored"] { plan.errored = errored }
        return plan
    }

    private init(formatVersion: String, revision: String?, observedDigest: String, plannedAt: Date, complete: Bool, errored: Bool,
                 actions: [PlannedAction], alerts: [String], json: [UInt8]) {
        self.formatVersion = formatVersion
        self.revision = revision
        self.observedDigest = observedDigest
        self.plannedAt = plannedAt
        self.complete = complete
        self.errored = errored
        self.actions = actions
        self.alerts = alerts
        self.json = json
    }

    private static func action(_ node: JSONNode) throws(Problem) -> PlannedAction {
        guard case .object(let o) = node else { throw Problem(description: "not an object") }
        func string(_ key: String) throws(Problem) -> String {
            guard case .string(let value)? = o[key] else { throw Problem(description: "\"\(key)\" missing or not a string") }
            return value
        }
        func strings(_ key: String) throws(Problem) -> [String] {
            guard case .array(let items)? = o[key] else { throw Problem(description: "\"\(key)\" missing or not a list") }
            var out: [String] = []
            for item in items {
                guard case .string(let value) = item else { throw Problem(description: "\"\(key)\" holds a non-string") }
                out.append(value)
            }
            return out
        }
        func bool(_ key: String) throws(Problem) -> Bool {
            guard case .bool(let value)? = o[key] else { throw Problem(description: "\"\(key)\" missing or not true/false") }
            return value
        }
        func value<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(Problem) -> T where T.RawValue == String {
            let text = try string(key)
            guard let value = T(rawValue: text) else { throw Problem(description: "\"\(key)\": unknown value \"\(text)\"") }
            return value
        }
        var parameters: [ActionParameter] = []
        if case .object(let p)? = o["parameters"] {
            for (key, value) in zip(p.keys, p.values) {
                if case .string(let text) = value { parameters.append(ActionParameter(key, text)) }
            }
        }
        var reason: String?
        if case .string(let text)? = o["not_runnable_reason"] { reason = text }
        var blockedBy: [RuleID] = []
        for rule in try strings("blocked_by") {
            guard let id = RuleID(rawValue: rule) else { throw Problem(description: "blocked_by: unknown rule \(rule)") }
            blockedBy.append(id)
        }
        return PlannedAction(
            id: try string("id"), type: try value("kind", ActionType.self), instance: try string("instance"), target: try string("target"),
            role: try value("role", ActionRole.self), summary: try string("summary"), reason: try string("reason"), parameters: parameters,
            fixes: (try strings("fixes")).compactMap(RuleID.init(rawValue:)), findings: try strings("findings"),
            dependsOn: try strings("depends_on"), approval: try value("approval", Approval.self), impact: try value("impact", Impact.self),
            reversible: try bool("reversible"), disruptive: try bool("disruptive"), blockedBy: blockedBy,
            runnableNow: try bool("runnable_now"), notRunnableReason: reason)
    }
}
