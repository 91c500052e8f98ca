/// The mailbox of the reconcile loop: webhooks, API requests, Git polls and the interval
/// timer post triggers; the loop takes them in batches. Triggers that arrive while a reconcile
/// runs collapse into one follow-up run, so a burst of pushes costs one reconcile, not many.
public actor ReconcileTriggers {
    private var pending: Set<ReconcileTrigger> = []
    private var waiter: CheckedContinuation<Set<ReconcileTrigger>?, Never>?
    private var finished = false

    public init() {}

    /// Asks for a reconcile. Returns at once; ignored after ``finish()``.
    public func post(_ trigger: ReconcileTrigger) {
        guard !finished else { return }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: [trigger])
        } else {
            pending.insert(trigger)
        }
    }

    /// Waits for the next batch of triggers; nil once ``finish()`` was called (or the task is
    /// cancelled) and nothing is pending.
    public func next() async -> Set<ReconcileTrigger>? {
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        if finished || Task.isCancelled { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter = continuation
            }
        } onCancel: {
            Task { await self.finish() }
        }
    }

    /// Ends the mailbox: a waiting ``next()`` returns nil, later posts are ignored.
    public func finish() {
        finished = true
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: pending.isEmpty ? nil : pending)
            pending = []
        }
    }
}
