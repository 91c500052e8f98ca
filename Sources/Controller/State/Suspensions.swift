import Foundation
import GRDB

/// Instances taken out of the controller's hands by `sfreconcile suspend INSTANCE`: still
/// observed and planned, never acted on, until `sfreconcile resume INSTANCE`. The spec's
/// `instances.NAME.suspended` flag does the same from Git.
public struct Suspensions: Sendable {
    let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// Suspends `instance`; suspending it again keeps the first record.
    public func suspend(_ instance: String, who: String, at time: Date) throws(StateError) {
        try store.write("record the suspension") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO suspensions (instance, who, suspended_at) VALUES (?, ?, ?)",
                           arguments: [instance, who, time.storeValue])
        }
    }

    /// Resumes `instance`; false when it was not suspended.
    @discardableResult
    public func resume(_ instance: String) throws(StateError) -> Bool {
        try store.write("remove the suspension") { db in
            try db.execute(sql: "DELETE FROM suspensions WHERE instance = ?", arguments: [instance])
            return db.changesCount > 0
        }
    }

    /// The suspended instances' names.
    public func suspended() throws(StateError) -> Set<String> {
        try store.read("read suspensions") { db in Set(try String.fetchAll(db, sql: "SELECT instance FROM suspensions")) }
    }
}
