import Foundation
import GRDB

/// What `sfreconcile run` leaves for readers without the service: the newest status
/// document (`status`) and the alert dispatcher's memory (`alerts`), as JSON by key.
public struct ControllerDocuments: Sendable {
    let store: StateStore

    /// The status document `sfreconcile status` reads.
    public static let status = "status"
    /// The alert dispatcher's snapshot, restored when the service starts again.
    public static let alerts = "alerts"

    public init(store: StateStore) {
        self.store = store
    }

    /// Replaces the document `key`.
    public func save(_ key: String, _ body: Data, at time: Date) throws(StateError) {
        try store.write("save the \(key) document") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO controller_documents (key, body, updated_at) VALUES (?, ?, ?)",
                           arguments: [key, body, time.storeValue])
        }
    }

    /// The document `key`, nil when the service never wrote it.
    public func load(_ key: String) throws(StateError) -> Data? {
        try store.read("read the \(key) document") { db in
            try Data.fetchOne(db, sql: "SELECT body FROM controller_documents WHERE key = ?", arguments: [key])
        }
    }
}
