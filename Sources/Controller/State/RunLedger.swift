import Foundation
import GRDB

/// One apply of one plan, as stored.
public struct RunRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case running, succeeded, failed
    }

    public var id: String
    /// `apply` or `recover`.
    public var operation: String
    /// The spec revision the plan was made from (the attempted revision; applied when the
    /// run succeeded).
    public var revision: String?
    public var observedDigest: String
    public var status: Status
    public var who: String
    public var startedAt: Date
    public var finishedAt: Date?

    public init(id: String, operation: String, revision: String?, observedDigest: String, status: Status, who: String, startedAt: Date,
                finishedAt: Date?) {
        self.id = id
        self.operation = operation
        self.revision = revision
        self.observedDigest = observedDigest
        self.status = status
        self.who = who
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// One action of a run, as stored.
public struct ActionRecord: Sendable, Hashable {
    public var runID: String
    public var actionID: String
    /// Its place in the plan's order.
    public var position: Int
    public var type: String
    public var target: String
    public var status: ActionStatus
    /// For `done`: whether anything had to change.
    public var changed: Bool?
    /// How often the provider was told to act.
    public var attempts: Int
    public var message: String?
    public var startedAt: Date?
    public var finishedAt: Date?
}

/// One write-ahead journal entry.
public struct JournalEntry: Sendable, Hashable {
    public var sequence: Int64
    public var runID: String
    public var actionID: String
    public var phase: ActionStatus
    public var at: Date
    public var message: String?
}

/// The runs, their actions and the write-ahead journal. Every change of an action's
/// status appends a journal entry in the same transaction, so the two never disagree.
public struct RunLedger: Sendable {
    let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// Records a new run with the plan JSON it executes and every action `pending`, except
    /// those `heldBack` (id → why), recorded `skipped` in the same transaction: a crash right
    /// after cannot turn a held-back action into a pending one that a recovery would run.
    public func begin(_ run: RunRecord, plan: [UInt8], actions: [(id: String, type: String, target: String)],
                      heldBack: [String: String] = [:]) throws(StateError) {
        try store.write("record the run") { db in
            try db.execute(sql: """
                INSERT INTO runs (id, operation, revision, observed_digest, plan, status, who, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.id, run.operation, run.revision, run.observedDigest, Data(plan), run.status.rawValue, run.who,
                                 run.startedAt.storeValue])
            for (position, action) in actions.enumerated() {
                let held = heldBack[action.id]
                try db.execute(sql: """
                    INSERT INTO actions (run_id, action_id, position, type, target, status, message, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [run.id, action.id, position, action.type, action.target, held == nil ? "pending" : "skipped", held,
                                     held == nil ? nil : run.startedAt.storeValue])
                if let held {
                    try db.execute(sql: "INSERT INTO journal (run_id, action_id, phase, at, message) VALUES (?, ?, 'skipped', ?, ?)",
                                   arguments: [run.id, action.id, run.startedAt.storeValue, held])
                }
            }
        }
    }

    /// Moves an action to `status`, appending the journal entry. `attempted` counts a call
    /// to the provider. A `done` action uses up its approval.
    public func record(run: String, action: String, _ status: ActionStatus, at time: Date, message: String? = nil,
                       changed: Bool? = nil, attempted: Bool = false) throws(StateError) {
        try store.write("journal \(status.rawValue) of \(action)") { db in
            try db.execute(sql: """
                UPDATE actions SET status = ?, message = COALESCE(?, message), changed = COALESCE(?, changed),
                    attempts = attempts + ?,
                    started_at = CASE WHEN ? = 'intent' AND started_at IS NULL THEN ? ELSE started_at END,
                    finished_at = CASE WHEN ? IN ('done', 'failed', 'skipped', 'unconfirmed') THEN ? ELSE finished_at END
                WHERE run_id = ? AND action_id = ?
                """, arguments: [status.rawValue, message, changed, attempted ? 1 : 0, status.rawValue, time.storeValue, status.rawValue,
                                 time.storeValue, run, action])
            guard db.changesCount == 1 else {
                throw StateError("run \(run) has no action \(action)", advice: "the store was changed by hand; start a new apply")
            }
            try db.execute(sql: "INSERT INTO journal (run_id, action_id, phase, at, message) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, action, status.rawValue, time.storeValue, message])
            if status == .done {
                try db.execute(sql: "DELETE FROM approvals WHERE action_id = ?", arguments: [action])
            }
        }
    }

    /// Ends a run.
    public func finish(_ run: String, _ status: RunRecord.Status, at time: Date) throws(StateError) {
        try store.write("finish the run") { db in
            try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, time.storeValue, run])
        }
    }

    /// Runs a crash left `running`, oldest first, with the plan JSON each executes.
    public func unfinished() throws(StateError) -> [(run: RunRecord, plan: [UInt8])] {
        try store.read("read unfinished runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE status = 'running' ORDER BY started_at, id").map { row in
                (Self.run(row), [UInt8]((row["plan"] as Data?) ?? Data()))
            }
        }
    }

    /// Every run, oldest first.
    public func runs() throws(StateError) -> [RunRecord] {
        try store.read("read runs") { db in try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at, id").map(Self.run) }
    }

    /// The actions of `run` in plan order, or of every run.
    public func actions(run: String? = nil) throws(StateError) -> [ActionRecord] {
        try store.read("read actions") { db in
            let rows = try run.map { try Row.fetchAll(db, sql: "SELECT * FROM actions WHERE run_id = ? ORDER BY position", arguments: [$0]) }
                ?? Row.fetchAll(db, sql: "SELECT actions.* FROM actions JOIN runs ON runs.id = actions.run_id ORDER BY runs.started_at, runs.id, position")
            return rows.map(Self.action)
        }
    }

    /// The journal, in write order.
    public func journal(run: String? = nil) throws(StateError) -> [JournalEntry] {
        try store.read("read the journal") { db in
            let rows = try run.map { try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE run_id = ? ORDER BY seq", arguments: [$0]) }
                ?? Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq")
            return rows.map { row in
                JournalEntry(sequence: row["seq"], runID: row["run_id"], actionID: row["action_id"],
                             phase: ActionStatus(rawValue: row["phase"]) ?? .failed, at: Date(storeValue: row["at"]), message: row["message"])
            }
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        RunRecord(id: row["id"], operation: row["operation"], revision: row["revision"], observedDigest: row["observed_digest"],
                  status: RunRecord.Status(rawValue: row["status"]) ?? .failed, who: row["who"],
                  startedAt: Date(storeValue: row["started_at"]), finishedAt: (row["finished_at"] as Double?).map(Date.init(storeValue:)))
    }

    private static func action(_ row: Row) -> ActionRecord {
        ActionRecord(runID: row["run_id"], actionID: row["action_id"], position: row["position"], type: row["type"], target: row["target"],
                     status: ActionStatus(rawValue: row["status"]) ?? .failed, changed: row["changed"], attempts: row["attempts"],
                     message: row["message"], startedAt: (row["started_at"] as Double?).map(Date.init(storeValue:)),
                     finishedAt: (row["finished_at"] as Double?).map(Date.init(storeValue:)))
    }
}
