import Foundation

/// What one run did: the run, each action's record, and what a person must look at.
public struct RunReport: Sendable {
    public var run: RunRecord
    public var actions: [ActionRecord]
    /// SNP-2 snapshots kept because the change they guard did not succeed, actions that
    /// could not be confirmed after a crash.
    public var alerts: [String]

    public func count(_ status: ActionStatus) -> Int { actions.filter { $0.status == status }.count }

    /// `2 done (1 changed), 1 failed, 1 skipped.`
    public var line: String {
        let done = count(.done)
        let changed = actions.filter { $0.status == .done && $0.changed == true }.count
        var parts = ["\(done) done (\(changed) changed)"]
        for status in [ActionStatus.failed, .unconfirmed, .skipped] where count(status) > 0 {
            parts.append("\(count(status)) \(status.rawValue)")
        }
        return parts.joined(separator: ", ") + "."
    }
}
