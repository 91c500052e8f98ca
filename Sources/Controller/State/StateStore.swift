import Foundation
import GRDB

/// The controller's memory between runs, one SQLite database (`state.sqlite`, WAL mode)
/// in a state directory: applied and attempted revisions (runs), every action with its
/// outcome, the write-ahead journal, the lock, approvals and the observation history.
///
/// Open one store per directory and process; SQLite's own locking keeps several processes
/// consistent, and `StateLock` keeps applies apart. The schema is migrated when opened.
public final class StateStore: Sendable {
    /// The file name inside the state directory.
    public static let fileName = "state.sqlite"

    /// The state directory.
    public let directory: String
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating when `create`) the store in `directory`, migrating it to the current
    /// schema.
    public init(directory: String, create: Bool = true) throws(StateError) {
        self.directory = directory
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StateError("no state store in \(directory)", advice: "run `sfreconcile apply` once, or name the directory with --state-dir")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateError("cannot create the state directory \(directory): \((error as NSError).localizedDescription)",
                             advice: "choose a writable directory with --state-dir")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StateSchema.migrator.migrate(pool)
        } catch {
            throw StateError.database(error, doing: "open", at: path)
        }
    }

    /// True when `directory` holds a store.
    public static func exists(in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(fileName))
    }

    /// The default state directory: `$XDG_STATE_HOME/sfreconcile`, else
    /// `~/.local/state/sfreconcile` (the service uses /var/lib/sfreconcile through --state-dir).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return (state as NSString).appendingPathComponent("sfreconcile")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/sfreconcile")
    }

    /// Runs `body` in a write transaction, turning database errors into `StateError`.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StateError {
            throw error
        } catch {
            throw StateError.database(error, doing: what, at: path)
        }
    }

    /// Runs `body` reading a consistent snapshot.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StateError {
            throw error
        } catch {
            throw StateError.database(error, doing: what, at: path)
        }
    }

    /// SQLite's own check of the file, `ok` when sound.
    public func integrityCheck() throws(StateError) -> String {
        try read("check integrity") { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}

extension Date {
    /// Seconds since 1970, as the store keeps times.
    var storeValue: Double { timeIntervalSince1970 }

    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}
