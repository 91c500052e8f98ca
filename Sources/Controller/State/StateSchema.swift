import GRDB

/// The state store's tables, created and upgraded by migrations: a store written by an
/// older sfreconcile is brought up to date when opened, never rebuilt. A migration, once
/// released, is never edited; a change is a new migration appended here.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, actions, journal, lock, approvals, observations") { db in
            // One apply (or recovery) of one plan. `plan` holds the plan JSON it executes, so a
            // run interrupted by a crash can be settled by the next one.
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    operation TEXT NOT NULL,
                    revision TEXT,
                    observed_digest TEXT NOT NULL,
                    plan BLOB NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                    who TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL
                );
                CREATE INDEX runs_status ON runs (status);
                """)
            // Every action of every run with its latest state and outcome.
            try db.execute(sql: """
                CREATE TABLE actions (
                    run_id TEXT NOT NULL REFERENCES runs (id),
                    action_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    target TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'intent', 'started', 'done', 'failed', 'skipped', 'unconfirmed')),
                    changed INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    message TEXT,
                    started_at REAL,
                    finished_at REAL,
                    PRIMARY KEY (run_id, action_id)
                );
                CREATE INDEX actions_action ON actions (action_id, status);
                """)
            // The write-ahead journal: appended in the same transaction as the action's new
            // status, and before the provider is called (intent, started).
            try db.execute(sql: """
                CREATE TABLE journal (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL REFERENCES runs (id),
                    action_id TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    at REAL NOT NULL,
                    message TEXT
                );
                CREATE INDEX journal_run ON journal (run_id, action_id);
                """)
            // At most one row: who holds the store.
            try db.execute(sql: """
                CREATE TABLE lock (
                    slot INTEGER PRIMARY KEY CHECK (slot = 1),
                    id TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    who TEXT NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    acquired_at REAL NOT NULL
                );
                """)
            try db.execute(sql: """
                CREATE TABLE approvals (
                    action_id TEXT PRIMARY KEY,
                    who TEXT NOT NULL,
                    approved_at REAL NOT NULL
                );
                """)
            // The observation history: one row per live observation, and the STARFACE versions
            // it saw (the live-version timeline VER-2 dates backups with).
            try db.execute(sql: """
                CREATE TABLE observations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    observed_at REAL NOT NULL,
                    revision TEXT,
                    digest TEXT NOT NULL,
                    resources INTEGER NOT NULL,
                    unknown INTEGER NOT NULL
                );
                CREATE TABLE version_sightings (
                    observation_id INTEGER NOT NULL REFERENCES observations (id),
                    resource TEXT NOT NULL,
                    observed_at REAL NOT NULL,
                    version TEXT NOT NULL
                );
                CREATE INDEX version_sightings_resource ON version_sightings (resource, observed_at);
                """)
        }
        migrator.registerMigration("v2: controller status document, suspended instances") { db in
            // The newest status document of `sfreconcile run` (one row per key: `status`,
            // `alerts`), so `sfreconcile status` can answer without the service.
            try db.execute(sql: """
                CREATE TABLE controller_documents (
                    key TEXT PRIMARY KEY,
                    body BLOB NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
            // Instances `sfreconcile suspend` took out of the controller's hands.
            try db.execute(sql: """
                CREATE TABLE suspensions (
                    instance TEXT PRIMARY KEY,
                    who TEXT NOT NULL,
                    suspended_at REAL NOT NULL
                );
                """)
        }
        return migrator
    }
}
