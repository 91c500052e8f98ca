import Foundation
import GRDB
import Providers
import Spec

/// Every live observation, and the STARFACE versions it saw: the live-version timeline
/// VER-2 dates backups with (`plan --history FILE` reads the same from files, offline).
public struct ObservationHistory: Sendable {
    let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// Records one observation and its STARFACE version sightings.
    public func record(_ estate: ObservedEstate, digest: String) throws(StateError) {
        try store.write("record the observation") { db in
            let unknown = estate.resources.values.filter { $0.error != nil }.count
            try db.execute(sql: "INSERT INTO observations (observed_at, revision, digest, resources, unknown) VALUES (?, ?, ?, ?, ?)",
                           arguments: [estate.observedAt.storeValue, estate.revision, digest, estate.resources.count, unknown])
            let id = db.lastInsertedRowID
            for (ref, observation) in estate.resources where ref.kind == .starface {
                guard case .present(.starface(let state)) = observation, let version = state.version else { continue }
                try db.execute(sql: "INSERT INTO version_sightings (observation_id, resource, observed_at, version) VALUES (?, ?, ?, ?)",
                               arguments: [id, ref.description, estate.observedAt.storeValue, version.description])
            }
        }
    }

    /// The timeline of every STARFACE system's versions as observed.
    public func liveVersions() throws(StateError) -> LiveVersionHistory {
        try store.read("read the version timeline") { db in
            var history = LiveVersionHistory()
            for row in try Row.fetchAll(db, sql: "SELECT resource, observed_at, version FROM version_sightings ORDER BY observed_at") {
                guard let ref = ResourceRef(parsing: row["resource"]), let version = StarfaceVersion(parsing: row["version"]) else { continue }
                history.record(.init(time: Date(storeValue: row["observed_at"]), version: version), of: ref)
            }
            return history
        }
    }

    /// How many observations are recorded.
    public func count() throws(StateError) -> Int {
        try store.read("count observations") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0 }
    }
}
