import Foundation
import Providers

/// Carries out one planned action under the journal protocol:
///
/// 1. journal `intent` (before anything is asked of a provider);
/// 2. re-observe the subject: a goal that already holds is `done` without a provider call;
/// 3. journal `started`, then call the provider (with the action timeout);
/// 4. re-observe and verify the goal; journal `done` or `failed`.
///
/// Transient errors (unreachable, timeout, busy) are retried from step 2, so a retry never
/// repeats what already took effect. An action found `started` after a crash whose goal
/// cannot be observed (a trigger) is not repeated: it becomes `unconfirmed`.
struct ActionExecutor: Sendable {
    var registry: ProviderRegistry
    var ledger: RunLedger
    var configuration: ApplyConfiguration
    var now: @Sendable () -> Date
    var crash: CrashHook
    var progress: @Sendable (ApplyEvent) -> Void
    var applyStart: ContinuousClock.Instant
    /// The plan's actions by id: an SNP-2 snapshot looks at the change it guards.
    var plan: [String: PlannedAction]

    /// What became of the action.
    struct Result: Sendable {
        var status: ActionStatus
        var changed: Bool?
        var message: String
    }

    func execute(_ action: PlannedAction, run: String, found: ActionStatus) async -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        progress(event(.started, action, run: run, start: start))
        let result = await carryOut(action, run: run, found: found)
        var finished = event(.finished, action, run: run, start: start)
        finished.status = result.status
        finished.changed = result.changed
        finished.message = result.message
        progress(finished)
        return result
    }

    private func carryOut(_ action: PlannedAction, run: String, found: ActionStatus) async -> Result {
        do throws(StateError) {
            if found == .started && !ActionMapping.goalIsObservable(action.type) {
                let message = "was started before an interruption and its effect cannot be observed: check \(action.target) by hand (not repeated)"
                try ledger.record(run: run, action: action.id, .unconfirmed, at: now(), message: message)
                return Result(status: .unconfirmed, changed: nil, message: message)
            }
            try ledger.record(run: run, action: action.id, .intent, at: now())
            crash.checkpoint()
            guard let subject = ActionMapping.subject(of: action), let provider = registry[subject.provider] else {
                return try fail(action, run: run, "no provider answers for \(action.target); check the spec's providers")
            }
            var performed: ActionOutcome?
            var attempt = 0
            while true {
                attempt += 1
                let observation = await observe(subject, with: provider)
                var step = ActionMapping.step(for: action, observed: observation)
                if case .perform = step, performed == nil, let unneeded = await guardNotNeeded(action) { step = .satisfied(unneeded) }
                switch step {
                case .satisfied(let why):
                    let message = performed.map { "\($0.message); verified: \(why)" } ?? "already in place: \(why)"
                    try ledger.record(run: run, action: action.id, .done, at: now(), message: message, changed: performed?.changed ?? false)
                    crash.checkpoint()
                    return Result(status: .done, changed: performed?.changed ?? false, message: message)
                case .unsupported(let why):
                    return try fail(action, run: run, why)
                case .cannotTell(let error):
                    if error.isTransient && attempt < configuration.maxAttempts {
                        await retry(action, run: run, attempt: attempt, error)
                        continue
                    }
                    return try fail(action, run: run, "\(subject) cannot be observed, so the action was not tried: \(error)")
                case .perform(let providerAction):
                    if let performed {
                        // Carried out, yet the goal does not show.
                        if !ActionMapping.goalIsObservable(action.type) {
                            try ledger.record(run: run, action: action.id, .done, at: now(), message: performed.message, changed: performed.changed)
                            crash.checkpoint()
                            return Result(status: .done, changed: performed.changed, message: performed.message)
                        }
                        return try fail(action, run: run, "\(performed.message), but a new observation does not show it")
                    }
                    try ledger.record(run: run, action: action.id, .started, at: now(), message: providerAction.description, attempted: true)
                    crash.checkpoint()
                    switch await perform(providerAction, with: provider) {
                    case .success(let outcome):
                        crash.checkpoint()
                        performed = outcome
                    case .failure(let error):
                        crash.checkpoint()
                        if error.isTransient && attempt < configuration.maxAttempts {
                            await retry(action, run: run, attempt: attempt, error)
                            continue
                        }
                        return try fail(action, run: run, error.description)
                    }
                }
            }
        } catch {
            // The journal itself failed: say so; the next apply settles the action.
            return Result(status: .failed, changed: nil, message: "the state store failed: \(error)")
        }
    }

    /// An SNP-2 snapshot is not taken when the change it guards already holds (a plan
    /// applied again): nothing will change, so there is nothing to guard.
    private func guardNotNeeded(_ action: PlannedAction) async -> String? {
        guard action.type == .createSnapshot, let id = ActionMapping.parameter("for", of: action), let change = plan[id],
              let subject = ActionMapping.subject(of: change), let provider = registry[subject.provider] else { return nil }
        guard case .satisfied(let why) = ActionMapping.step(for: change, observed: await observe(subject, with: provider)) else { return nil }
        return "not needed: \(id) already holds (\(why))"
    }

    private func fail(_ action: PlannedAction, run: String, _ message: String) throws(StateError) -> Result {
        try ledger.record(run: run, action: action.id, .failed, at: now(), message: message)
        crash.checkpoint()
        return Result(status: .failed, changed: nil, message: message)
    }

    private func retry(_ action: PlannedAction, run: String, attempt: Int, _ error: ProviderError) async {
        var event = event(.retrying, action, run: run, start: ContinuousClock.now)
        event.message = "attempt \(attempt) of \(configuration.maxAttempts): \(error)"
        progress(event)
        try? await Task.sleep(for: configuration.delay(beforeAttempt: attempt + 1))
    }

    private func observe(_ ref: ResourceRef, with provider: any Provider) async -> Observation {
        await provider.observe([ref])[ref]
            ?? .unknown(ProviderError(.protocol, "the provider gave no answer", provider: ref.provider, resource: ref))
    }

    /// The provider call, bounded by the action timeout.
    private func perform(_ action: ProviderAction, with provider: any Provider) async -> Swift.Result<ActionOutcome, ProviderError> {
        let timeout = configuration.actionTimeout
        return await withTaskGroup(of: Swift.Result<ActionOutcome, ProviderError>?.self) { group in
            group.addTask {
                do throws(ProviderError) {
                    return .success(try await provider.perform(action))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(ProviderError(.timeout, "\(action) took longer than the action timeout",
                                                                       advice: "raise --action-timeout, or check the system's task list",
                                                                       provider: provider.name, resource: action.target))
            }
            var answer: Swift.Result<ActionOutcome, ProviderError>?
            while answer == nil, let next = await group.next() { answer = next }
            group.cancelAll()
            return answer ?? .failure(ProviderError(.cancelled, "the apply was cancelled"))
        }
    }

    private func event(_ phase: ApplyEvent.Phase, _ action: PlannedAction, run: String, start: ContinuousClock.Instant) -> ApplyEvent {
        let clock = ContinuousClock()
        return ApplyEvent(phase: phase, runID: run, actionID: action.id, summary: action.summary, status: nil, changed: nil, message: nil,
                          elapsed: clock.now - start, sinceStart: clock.now - applyStart)
    }
}
