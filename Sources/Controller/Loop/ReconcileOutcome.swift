import Foundation

/// How one reconcile ended: the input to ``ReconcileStatus/recorded(_:)``.
public struct ReconcileOutcome: Sendable, Hashable, Codable {
    /// Why it ran.
    public var trigger: ReconcileTrigger
    /// The spec revision it acted on (nil for a spec read from a folder).
    public var revision: String?
    public var startedAt: Date
    public var finishedAt: Date
    public var result: Result

    /// What came of it.
    public enum Result: Sendable, Hashable, Codable {
        /// A plan was made (and applied as far as policy allowed).
        case reconciled(ReconcileSummary)
        /// No plan could be made: the spec could not be read, the state store refused, …
        case failed(ReconcileFailure)
    }

    public init(trigger: ReconcileTrigger, revision: String?, startedAt: Date, finishedAt: Date, result: Result) {
        self.trigger = trigger
        self.revision = revision
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
    }

    /// The run's length in seconds.
    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }
}

/// The counts of a reconcile that made a plan.
public struct ReconcileSummary: Sendable, Hashable, Codable {
    /// False when some resource could not be observed.
    public var complete: Bool
    /// Resources that could not be observed, as `provider/kind/name`.
    public var unobserved: [String]
    public var findingsViolated: Int
    public var alertsFiring: Int
    /// Actions that ran and succeeded (including those whose goal already held).
    public var actionsSucceeded: Int
    /// Actions that ran and failed, with the instance each belongs to.
    public var actionsFailed: [FailedAction]
    /// Actions left for later: awaiting approval, outside a maintenance window, blocked.
    public var actionsWaiting: Int
    /// Instances with no violated finding.
    public var instancesHealthy: Int
    public var instances: Int

    /// One action that failed.
    public struct FailedAction: Sendable, Hashable, Codable {
        public var id: String
        public var instance: String
        public var message: String

        public init(id: String, instance: String, message: String) {
            self.id = id
            self.instance = instance
            self.message = message
        }
    }

    public init(complete: Bool, unobserved: [String] = [], findingsViolated: Int = 0, alertsFiring: Int = 0,
                actionsSucceeded: Int = 0, actionsFailed: [FailedAction] = [], actionsWaiting: Int = 0,
                instancesHealthy: Int = 0, instances: Int = 0) {
        self.complete = complete
        self.unobserved = unobserved
        self.findingsViolated = findingsViolated
        self.alertsFiring = alertsFiring
        self.actionsSucceeded = actionsSucceeded
        self.actionsFailed = actionsFailed
        self.actionsWaiting = actionsWaiting
        self.instancesHealthy = instancesHealthy
        self.instances = instances
    }
}

/// Why a reconcile made no plan, and whether trying again soon can help.
public struct ReconcileFailure: Error, Sendable, Hashable, Codable {
    /// How the loop reacts.
    public enum Retry: String, Sendable, Hashable, Codable {
        /// Likely to pass by itself (a network error, a lock held by an apply): retry soon.
        case transient
        /// Needs a change of spec, configuration or credentials: retry only at the interval,
        /// and say the controller is stalled.
        case stalling
    }

    public var retry: Retry
    public var message: String

    public init(_ retry: Retry, _ message: String) {
        self.retry = retry
        self.message = message
    }
}
