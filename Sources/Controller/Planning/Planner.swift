import Dispatch
import Foundation
import Providers
import Spec
import Synchronization

/// Everything a plan is computed from. Values only: the planner does no I/O.
public struct PlanRequest: Sendable {
    public var spec: Spec
    public var estate: ObservedEstate
    /// The planning time; every age is measured against it.
    public var now: Date
    /// Earlier sightings of live versions (VER-2).
    public var history: LiveVersionHistory
    /// The Git revision of the spec, when known.
    public var revision: String?
    public var redactor: Redactor
    /// The estate's digest, when the reader already took it (`PlanInputs`); computed
    /// from `estate` otherwise.
    public var observedDigest: String?
    /// False for a plan that is neither saved nor shown in a form naming its digest
    /// (`plan --format text` without `--out`): the estate is then not digested, and the
    /// plan's `observedDigest` is empty. At 10,000 instances the digest is a sixth of
    /// reading the estate.
    public var takesDigest = true

    public init(spec: Spec, estate: ObservedEstate, now: Date, history: LiveVersionHistory = LiveVersionHistory(),
                revision: String? = nil, redactor: Redactor = Redactor()) {
        self.spec = spec
        self.estate = estate
        self.now = now
        self.history = history
        self.revision = revision
        self.redactor = redactor
    }
}

/// Turns (spec, observed estate, clock) into a `Plan`: runs every rule family on every
/// instance, analyses the failure scenarios, and makes actions and alerts of what is
/// violated.
///
/// - A violated finding with a fix becomes an action, unless the instance is suspended or
///   `policy.actions` says `never` for it (then: an alert). Fixes of the same kind on the
///   same target merge into one action fixing several rules.
/// - Ordering: a standby's version update precedes the live system's, and so does a
///   STARFACE backup planned in the same run; deleting stale snapshots precedes turning on
///   Fault Tolerance (vSphere refuses FT with snapshots) and precedes SNP-2 snapshots.
/// - SNP-2: a change that alters a STARFACE VM (`guardedVM`) is preceded by
///   `createSnapshot` and followed by `removeSnapshot`, with the change's approval.
/// - VER-3 blocks the actions it names; whatever depends on a blocked action is blocked.
/// - An action runs now when it is not blocked, its approval is `auto`, a maintenance
///   window is open if it is disruptive, and everything it depends on runs now too.
public struct Planner: Sendable {
    public var rules: [any RuleFamily]

    public init(rules: [any RuleFamily] = RuleBook.standard) {
        self.rules = rules
    }

    public func plan(_ request: PlanRequest) -> Plan {
        let context = RuleContext(spec: request.spec, estate: request.estate, now: request.now, history: request.history)
        let maintenance = MaintenanceSchedule(request.spec.policy.maintenanceWindows).state(at: request.now)
        let entries = request.spec.instances.entries

        // Instances are independent: plan them in chunks on every core, and digest the
        // estate meanwhile; then put the pieces together in spec order.
        let chunkSize = Swift.max(1, (entries.count + 15) / 16)
        let chunkCount = (entries.count + chunkSize - 1) / chunkSize
        let pieces = Mutex<[[InstancePlan]]>(Array(repeating: [], count: chunkCount))
        let digest = Mutex<Result<String, any Error>>(.success(""))
        DispatchQueue.concurrentPerform(iterations: chunkCount + 1) { chunk in
            if chunk == chunkCount {
                guard request.takesDigest else { return }
                let result = Result { try request.observedDigest ?? ObservedDigest.of(request.estate) }
                digest.withLock { $0 = result }
                return
            }
            var planned: [InstancePlan] = []
            for entry in entries[chunk * chunkSize..<Swift.min(entries.count, (chunk + 1) * chunkSize)] {
                planned.append(planInstance(entry.name, entry.value, context, maintenance, request.redactor))
            }
            pieces.withLock { $0[chunk] = planned }
        }

        var instances: [PlanInstance] = []
        var errors: [String] = []
        var incomplete: [IncompleteResource] = []
        var seenUnknown = Set<String>()
        instances.reserveCapacity(entries.count)
        // Taken out of the lock, so that every piece is referenced once.
        var chunks = pieces.withLock { all in
            var taken: [[InstancePlan]] = []
            swap(&taken, &all)
            return taken
        }
        for chunk in chunks {
            for piece in chunk {
                instances.append(piece.instance)
                errors += piece.errors
                for entry in piece.incomplete where seenUnknown.insert(entry.resource).inserted { incomplete.append(entry) }
            }
        }
        // Each kind taken out of the pieces (so that it is referenced once), then moved into
        // one array by every core.
        func taken<Element>(_ kind: WritableKeyPath<InstancePlan, [Element]>) -> [[[Element]]] {
            chunks.indices.map { chunk in chunks[chunk].indices.map { chunks[chunk][$0][keyPath: kind].takeAll() } }
        }
        var findingParts = taken(\.findings), actionParts = taken(\.actions)
        var alertParts = taken(\.alerts), scenarioParts = taken(\.scenarios)
        let findings = ConcurrentChunks.joined(moving: &findingParts)
        let actions = ConcurrentChunks.joined(moving: &actionParts)
        let alerts = ConcurrentChunks.joined(moving: &alertParts)
        let scenarios = ConcurrentChunks.joined(moving: &scenarioParts)
        ConcurrentChunks.discard(&chunks)
        incomplete.sort { ($0.provider, $0.resource) < ($1.provider, $1.resource) }

        let observedDigest: String
        switch digest.withLock({ $0 }) {
        case .success(let value): observedDigest = value
        case .failure(let error):
            observedDigest = ""
            errors.append("the observed estate could not be digested: \(error)")
        }
        return Plan(revision: request.revision, observedAt: request.estate.observedAt, plannedAt: request.now,
                    observedDigest: observedDigest, instances: instances, findings: findings, actions: actions, alerts: alerts,
                    scenarios: scenarios, incomplete: incomplete, errors: errors, maintenance: maintenance)
    }

    /// Everything the plan says about one instance.
    private struct InstancePlan: Sendable {
        var instance: PlanInstance
        var findings: [Finding]
        var actions: [PlannedAction]
        var alerts: [Alert]
        var scenarios: [ScenarioResult]
        var errors: [String]
        var incomplete: [IncompleteResource]
    }

    private func planInstance(_ name: String, _ value: Instance, _ context: RuleContext, _ maintenance: MaintenanceState,
                              _ redactor: Redactor) -> InstancePlan {
        let instance = InstanceContext(context, name: name, instance: value)
        let refs = instance.resources.all
        var providers: [String] = []
        for ref in refs where !providers.contains(ref.provider) { providers.append(ref.provider) }
        let redactor = redactor.scoped(to: providers)

        var analysed = ScenarioAnalysis.scenarios(for: instance)
        var own: [Finding] = []
        own.reserveCapacity(32)
        for family in rules {
            var found = family is ObjectiveRules ? ObjectiveRules.findings(from: analysed) : family.findings(for: instance)
            own.appendMoving(&found)
        }
        for index in own.indices where own[index].status != .satisfied {
            own[index].message = redactor.redact(own[index].message, providers: providers)
            own[index].observed = redactor.redact(own[index].observed, providers: providers)
            own[index].unknownReason = redactor.redact(own[index].unknownReason, providers: providers)
        }
        for index in analysed.indices {
            for m in analysed[index].considered.indices where analysed[index].considered[m].error != nil {
                analysed[index].considered[m].error = redactor.redact(analysed[index].considered[m].error, providers: providers)
                analysed[index].considered[m].note = redactor.redact(analysed[index].considered[m].note, providers: providers)
            }
        }
        let planned = ActionPlanning.plan(findings: &own, instance: instance, maintenance: maintenance)
        var incomplete: [IncompleteResource] = []
        for ref in refs {
            guard case .unknown(let error) = instance.observation(of: ref) else { continue }
            let redacted = redactor.redact(error, providers: [ref.provider]) ?? error
            incomplete.append(IncompleteResource(provider: ref.provider, resource: ref.description, kind: redacted.kind.rawValue,
                                                 reason: redacted.message, advice: redacted.advice))
        }
        return InstancePlan(instance: PlanInstance(name: name, description: value.description, suspended: value.suspended),
                            findings: own, actions: planned.actions, alerts: planned.alerts, scenarios: analysed,
                            errors: planned.errors, incomplete: incomplete)
    }
}

/// Actions and alerts for one instance's findings (see `Planner`).
enum ActionPlanning {
    struct Result {
        var actions: [PlannedAction] = []
        var alerts: [Alert] = []
        var errors: [String] = []
    }

    private struct Draft {
        var action: PlannedAction
        /// For SNP-2 snapshots: the id of the change they guard.
        var guards: String?
        var blockReason: String?
    }

    static func plan(findings: inout [Finding], instance: InstanceContext, maintenance: MaintenanceState) -> Result {
        var result = Result()
        var drafts: [Draft] = []
        var index: [String: Int] = [:]
        var blocks: [(id: String, finding: Finding)] = []
        let policy = instance.spec.policy.actions

        for position in findings.indices where findings[position].status == .violated {
            let finding = findings[position]
            switch finding.remedy {
            case .fix(let fix):
                if instance.instance.suspended {
                    result.alerts.append(alert(finding, .suspended, suffix: " (instance suspended: not fixed)"))
                    continue
                }
                let approval = fix.type.policyKind.map { policy.approval(for: $0) } ?? .auto
                if approval == .never {
                    result.alerts.append(alert(finding, .policyNever, suffix: " (policy.actions.\(fix.type.rawValue): never)"))
                    continue
                }
                let id = fix.actionID
                findings[position].action = id
                if let existing = index[id] {
                    merge(fix, from: finding, into: &drafts[existing].action)
                } else {
                    index[id] = drafts.count
                    drafts.append(Draft(action: action(for: fix, finding: finding, approval: approval, instance: instance.name)))
                }
            case .alert:
                result.alerts.append(alert(finding, .noFix))
            case .block(let id):
                blocks.append((id, finding))
                result.alerts.append(alert(finding, .blocked))
            case .report, .none:
                break
            }
        }
        for (id, finding) in blocks {
            guard let position = index[id] else { continue }
            if !drafts[position].action.blockedBy.contains(finding.rule) { drafts[position].action.blockedBy.append(finding.rule) }
            drafts[position].blockReason = drafts[position].blockReason ?? finding.message
        }

        // Ordering between fixes.
        let ids = drafts.map(\.action.id)
        for position in drafts.indices {
            let action = drafts[position].action
            var after: [String] = []
            switch action.type {
            case .updateVersion where action.role == .live:
                after = drafts.filter { ($0.action.type == .updateVersion && $0.action.role == .redundancy) || $0.action.type == .triggerBackup }
                    .map(\.action.id)
            case .enableFaultTolerance:
                after = drafts.filter { $0.action.type == .deleteSnapshot && $0.action.target.hasPrefix(action.target + "#") }.map(\.action.id)
            default:
                break
            }
            drafts[position].action.dependsOn += after.filter { !drafts[position].action.dependsOn.contains($0) }
        }

        // SNP-2: a snapshot before every change to a STARFACE VM, removed after it.
        for position in drafts.indices {
            guard let vm = guardedVM(of: drafts[position].action, in: findings) else { continue }
            let guarded = drafts[position].action
            let name = SnapshotRules.ownPrefix + "before-" + guarded.type.rawValue
            let address = "\(vm)#snapshot:\(name)"
            let stale = ids.filter { $0.hasPrefix(ActionType.deleteSnapshot.rawValue + ":" + vm.description + "#") }
            var take = guardAction(.createSnapshot, address: address, guarded: guarded,
                                   summary: "take snapshot \"\(name)\" of \(vm.name)", reason: "before \(guarded.id)")
            take.dependsOn = stale
            var remove = guardAction(.removeSnapshot, address: address, guarded: guarded,
                                     summary: "remove snapshot \"\(name)\" of \(vm.name)", reason: "after \(guarded.id) succeeded")
            remove.dependsOn = [guarded.id]
            drafts[position].action.dependsOn.insert(take.id, at: 0)
            guard index[take.id] == nil else { continue }
            index[take.id] = drafts.count
            drafts.append(Draft(action: take, guards: guarded.id))
            index[remove.id] = drafts.count
            drafts.append(Draft(action: remove, guards: guarded.id))
        }

        // Dependency order (Kahn), ties in the order the actions were proposed.
        var order: [Int] = []
        var pending = Array(drafts.indices)
        var placed = Set<String>()
        while !pending.isEmpty {
            guard let next = pending.firstIndex(where: { drafts[$0].action.dependsOn.allSatisfy { placed.contains($0) || index[$0] == nil } }) else {
                result.errors.append("\(instance.name): the actions " + pending.map { drafts[$0].action.id }.joined(separator: ", ")
                                     + " depend on each other in a cycle")
                order += pending
                break
            }
            let position = pending.remove(at: next)
            order.append(position)
            placed.insert(drafts[position].action.id)
        }

        // Blocked: VER-3, and whatever depends on (or guards) a blocked action.
        for position in order {
            if drafts[position].action.isBlocked { continue }
            if let dependency = drafts[position].action.dependsOn.compactMap({ index[$0] }).first(where: { drafts[$0].action.isBlocked }) {
                drafts[position].action.blockedBy = drafts[dependency].action.blockedBy
                drafts[position].blockReason = "depends on \(drafts[dependency].action.id), which is blocked"
            }
        }
        for position in order {
            guard let guarded = drafts[position].guards, let target = index[guarded], drafts[target].action.isBlocked,
                  !drafts[position].action.isBlocked else { continue }
            drafts[position].action.blockedBy = drafts[target].action.blockedBy
            drafts[position].blockReason = "guards \(guarded), which is blocked"
        }

        // Runnable now.
        var runnable: [String: Bool] = [:]
        for position in order {
            var action = drafts[position].action
            var reason: String?
            if action.isBlocked {
                reason = "blocked by " + action.blockedBy.map(\.rawValue).joined(separator: ", ") + ": " + (drafts[position].blockReason ?? "")
            } else if action.approval == .approve {
                reason = action.type.policyKind.map { "needs approval (policy.actions.\($0.rawValue): approve)" }
                    ?? "needs approval, with \(drafts[position].guards ?? "the change it guards")"
            } else if action.disruptive && !maintenance.isOpen {
                reason = maintenance.hasWindows
                    ? "disruptive: waits for a maintenance window" + (maintenance.nextOpeningLocal.map { " (next opens \($0))" } ?? "")
                    : "disruptive, and no maintenance window is defined (policy.maintenanceWindows)"
            } else if let waiting = action.dependsOn.first(where: { runnable[$0] == false }) {
                reason = "waits for \(waiting)"
            }
            action.runnableNow = reason == nil
            action.notRunnableReason = reason
            runnable[action.id] = action.runnableNow
            result.actions.append(action)
        }
        return result
    }

    private static func action(for fix: ProposedFix, finding: Finding, approval: Approval, instance: String) -> PlannedAction {
        let profile = ActionProfile.of(fix.type, role: fix.role)
        return PlannedAction(id: fix.actionID, type: fix.type, instance: instance, target: fix.target, role: fix.role,
                             summary: fix.summary, reason: fix.reason, parameters: fix.parameters, fixes: [finding.rule],
                             findings: [finding.id], dependsOn: [], approval: approval, impact: profile.impact,
                             reversible: profile.reversible, disruptive: profile.disruptive, blockedBy: [],
                             runnableNow: false, notRunnableReason: nil)
    }

    /// Two rules proposing the same change: one action fixing both. The higher version wins
    /// when they disagree on the version to update to.
    private static func merge(_ fix: ProposedFix, from finding: Finding, into action: inout PlannedAction) {
        if !action.fixes.contains(finding.rule) { action.fixes.append(finding.rule) }
        action.findings.append(finding.id)
        for parameter in fix.parameters {
            guard let existing = action.parameters.firstIndex(where: { $0.name == parameter.name }) else {
                action.parameters.append(parameter)
                continue
            }
            if parameter.name == "version",
               let new = StarfaceVersion(parsing: parameter.value), let old = StarfaceVersion(parsing: action.parameters[existing].value),
               new > old {
                action.parameters[existing] = parameter
                action.summary = fix.summary
            }
        }
        if !action.reason.contains(fix.reason) { action.reason += "; " + fix.reason }
    }

    private static func guardedVM(of action: PlannedAction, in findings: [Finding]) -> ResourceRef? {
        for finding in findings where finding.action == action.id {
            if case .fix(let fix) = finding.remedy, let vm = fix.guardedVM { return vm }
        }
        return nil
    }

    private static func guardAction(_ type: ActionType, address: String, guarded: PlannedAction, summary: String, reason: String) -> PlannedAction {
        let profile = ActionProfile.of(type, role: guarded.role)
        return PlannedAction(id: PlannedAction.id(type: type, target: address), type: type, instance: guarded.instance,
                             target: address, role: guarded.role, summary: summary, reason: reason,
                             parameters: [ActionParameter("for", guarded.id)], fixes: [.snp2], findings: [], dependsOn: [],
                             approval: guarded.approval, impact: profile.impact, reversible: profile.reversible,
                             disruptive: guarded.disruptive || profile.disruptive, blockedBy: [], runnableNow: false, notRunnableReason: nil)
    }

    private static func alert(_ finding: Finding, _ cause: Alert.Cause, suffix: String = "") -> Alert {
        Alert(id: finding.id, rule: finding.rule, severity: finding.severity, instance: finding.instance, address: finding.address,
              message: finding.message + suffix, cause: cause)
    }
}
