import Foundation
import GRDB

/// Consent for actions whose policy class is `approve`: `sfreconcile approve ID` records
/// it; the apply that carries the action out uses it up (`RunLedger.record`).
public struct Approvals: Sendable {
    let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// Approves the action `id` (a plan's `actions[].id`).
    public func approve(_ id: String, who: String, at time: Date) throws(StateError) {
        try store.write("record the approval") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO approvals (action_id, who, approved_at) VALUES (?, ?, ?)",
                           arguments: [id, who, time.storeValue])
        }
    }

    /// The ids of approved actions not carried out yet.
    public func approved() throws(StateError) -> Set<String> {
        try store.read("read approvals") { db in Set(try String.fetchAll(db, sql: "SELECT action_id FROM approvals")) }
    }
}
