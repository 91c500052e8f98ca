import Spec

/// What changed in the spec between two revisions: which instances, providers, sites and
/// alert sinks were added, removed or changed, which keys changed, and which rules the
/// changes touch. A value computed from two ``Spec``s by comparing their JSON form key by
/// key, so secrets appear only as their references.
public struct SpecDiff: Sendable, Hashable {
    /// The part of the spec a change is in.
    public enum Section: String, Sendable, Hashable, CaseIterable {
        case objectives, sites, providers, instances, alerts, policy
    }

    /// Added, removed or changed.
    public enum ChangeKind: String, Sendable, Hashable {
        case added, removed, changed
    }

    /// One value that differs, by its path inside the changed object (`geo[0].rpo`).
    public struct KeyChange: Sendable, Hashable {
        public var path: String
        /// Nil when the key is new.
        public var before: JSONValue?
        /// Nil when the key was removed.
        public var after: JSONValue?
    }

    /// One named object (or one singleton section) that differs.
    public struct Change: Sendable, Hashable {
        public var section: Section
        /// The object's name; nil for `objectives` and `policy`.
        public var name: String?
        public var kind: ChangeKind
        /// For changed objects: each differing value. Empty for added and removed ones.
        public var keys: [KeyChange]
        /// Rule IDs whose findings may change, in report order.
        public var rules: [String]
        /// Instances the change affects: the instance itself, or those referring to the
        /// provider or site.
        public var instances: [String]
    }

    /// Changes in section order, then name order.
    public var changes: [Change]

    /// True when the two specs are the same.
    public var isEmpty: Bool { changes.isEmpty }

    /// Every rule some change touches.
    public var rules: [String] { SpecRuleImpact.ordered(changes.flatMap(\.rules)) }

    /// Every instance some change affects, sorted.
    public var instances: [String] { Set(changes.flatMap(\.instances)).sorted() }

    /// The changes of one section.
    public func changes(in section: Section) -> [Change] { changes.filter { $0.section == section } }

    /// Compares two specs.
    public init(from base: Spec, to head: Spec) {
        let baseInstances = Self.entries(base.instances.json)
        let headInstances = Self.entries(head.instances.json)
        var changes: [Change] = []

        if base.objectives.json != head.objectives.json {
            let names = Set(baseInstances.map(\.0)).union(headInstances.map(\.0)).sorted()
            changes.append(Change(section: .objectives, name: nil, kind: .changed,
                                  keys: Self.keyChanges(base.objectives.json, head.objectives.json), rules: ["OBJ-1"],
                                  instances: names))
        }
        changes += Self.named(.sites, base.sites.json, head.sites.json) { name, _, _ in
            Self.users(of: name, atKeys: ["site"], base: baseInstances, head: headInstances)
        }
        changes += Self.named(.providers, base.providers.json, head.providers.json) { name, _, _ in
            Self.users(of: name, atKeys: ["provider", "starface", "target", "restoreFrom"], base: baseInstances, head: headInstances)
        }
        changes += Self.named(.instances, base.instances.json, head.instances.json) { name, before, after in
            let rules: [String]
            if let before, let after {
                rules = Self.keyChanges(before, after).flatMap { SpecRuleImpact.rules(forInstancePath: $0.path) }
            } else {
                // A new or removed instance touches the rules of every part it declares.
                rules = Self.entries(before ?? after ?? .null)
                    .filter { !Self.isEmptyValue($0.1) && $0.1 != .bool(false) }
                    .flatMap { SpecRuleImpact.rules(forInstancePath: $0.0) }
            }
            return ([name], SpecRuleImpact.ordered(rules))
        }
        changes += Self.named(.alerts, Self.alertsByName(base.alerts.json), Self.alertsByName(head.alerts.json)) { _, _, _ in
            ([], [])
        }
        if base.policy.json != head.policy.json {
            changes.append(Change(section: .policy, name: nil, kind: .changed,
                                  keys: Self.keyChanges(base.policy.json, head.policy.json), rules: [], instances: []))
        }
        self.changes = changes
    }

    // MARK: comparison

    /// Compares two objects of named entries; `impact` gives (instances, rules) of one name.
    private static func named(
        _ section: Section, _ base: JSONValue, _ head: JSONValue,
        impact: (String, JSONValue?, JSONValue?) -> (instances: [String], rules: [String])
    ) -> [Change] {
        let before = Dictionary(entries(base), uniquingKeysWith: { first, _ in first })
        let after = Dictionary(entries(head), uniquingKeysWith: { first, _ in first })
        var names = entries(base).map(\.0)
        for (name, _) in entries(head) where before[name] == nil { names.append(name) }
        return names.sorted().compactMap { name -> Change? in
            let old = before[name], new = after[name]
            if old == new { return nil }
            let kind: ChangeKind = old == nil ? .added : (new == nil ? .removed : .changed)
            let keys = kind == .changed ? keyChanges(old!, new!) : []
            let (instances, rules) = impact(name, old, new)
            return Change(section: section, name: name, kind: kind, keys: keys, rules: rules, instances: instances)
        }
    }

    /// Instances naming `name` at one of `keys`, in either spec, with the rules those
    /// references feed.
    private static func users(of name: String, atKeys keys: Set<String>, base: [(String, JSONValue)],
                              head: [(String, JSONValue)]) -> (instances: [String], rules: [String]) {
        var instances = Set<String>()
        var rules: [String] = []
        for (instance, value) in base + head {
            let paths = references(to: name, atKeys: keys, in: value, path: "")
            if !paths.isEmpty {
                instances.insert(instance)
                rules += paths.flatMap { SpecRuleImpact.rules(forInstancePath: $0) }
            }
        }
        return (instances.sorted(), SpecRuleImpact.ordered(rules))
    }

    private static func references(to name: String, atKeys keys: Set<String>, in value: JSONValue, path: String) -> [String] {
        switch value {
        case .object(let pairs):
            return pairs.flatMap { key, child -> [String] in
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if keys.contains(key), case .string(let text) = child, text == name { return [childPath] }
                return references(to: name, atKeys: keys, in: child, path: childPath)
            }
        case .array(let values):
            return values.enumerated().flatMap { references(to: name, atKeys: keys, in: $1, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    /// Every differing leaf between two values, as paths. An object that appears or
    /// disappears is listed leaf by leaf (`hardware.vcpus: (none) → 4`).
    static func keyChanges(_ before: JSONValue, _ after: JSONValue, path: String = "") -> [KeyChange] {
        if before == after { return [] }
        switch (before, after) {
        case (.object, .null):
            return keyChanges(before, .object([]), path: path)
        case (.null, .object):
            return keyChanges(.object([]), after, path: path)
        case (.object(let old), .object(let new)):
            var result: [KeyChange] = []
            let newKeys = Dictionary(new, uniquingKeysWith: { first, _ in first })
            let oldKeys = Dictionary(old, uniquingKeysWith: { first, _ in first })
            for (key, value) in old {
                let child = path.isEmpty ? key : "\(path).\(key)"
                result += keyChanges(value, newKeys[key] ?? .null, path: child)
            }
            for (key, value) in new where oldKeys[key] == nil {
                result += keyChanges(.null, value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return result
        case (.array(let old), .array(let new)):
            var result: [KeyChange] = []
            for index in 0..<max(old.count, new.count) {
                let child = "\(path)[\(index)]"
                switch (index < old.count ? old[index] : nil, index < new.count ? new[index] : nil) {
                case let (a?, b?): result += keyChanges(a, b, path: child)
                case let (a?, nil): result += keyChanges(a, .null, path: child)
                case let (nil, b?): result += keyChanges(.null, b, path: child)
                default: break
                }
            }
            return result
        default:
            if isEmptyValue(before) && isEmptyValue(after) { return [] }
            return [KeyChange(path: path, before: isEmptyValue(before) ? nil : before, after: isEmptyValue(after) ? nil : after)]
        }
    }

    private static func entries(_ value: JSONValue) -> [(String, JSONValue)] {
        if case .object(let pairs) = value { return pairs }
        return []
    }

    /// Alert sinks keyed by name (names are unique), so reordering the list is no change.
    private static func alertsByName(_ value: JSONValue) -> JSONValue {
        guard case .array(let sinks) = value else { return .object([]) }
        return .object(sinks.enumerated().map { index, sink in
            if case .string(let name)? = sink["name"] { return (name, sink) }
            return ("#\(index)", sink)
        })
    }

    static func isEmptyValue(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .array(let values): return values.isEmpty
        case .object(let pairs): return pairs.isEmpty
        default: return false
        }
    }

    /// `geo[0].rpo` → `["geo", "rpo"]`: the keys of a path, indices dropped.
    static func segments(of path: String) -> [String] {
        path.split(separator: ".").map { segment in
            String(segment.prefix { $0 != "[" })
        }.filter { !$0.isEmpty }
    }
}
