import Foundation
import Providers
import GRDB

/// Who holds a state store: recorded when an apply takes the store, printed to anyone
/// blocked by it, and named by `sfreconcile force-unlock ID`.
public struct LockInfo: Sendable, Hashable, CustomStringConvertible {
    /// A short random id, given to `force-unlock`.
    public var id: String
    /// What the holder is doing (`apply`).
    public var operation: String
    /// `user@host`.
    public var who: String
    public var host: String
    public var pid: Int32
    public var acquiredAt: Date

    public init(id: String, operation: String, who: String, host: String, pid: Int32, acquiredAt: Date) {
        self.id = id
        self.operation = operation
        self.who = who
        self.host = host
        self.pid = pid
        self.acquiredAt = acquiredAt
    }

    public var description: String {
        "lock \(id): \(operation) by \(who) (pid \(pid)) since \(Timestamp.format(acquiredAt))"
    }

    /// This process, about to take the lock for `operation`.
    public static func current(operation: String, now: Date, environment: [String: String] = ProcessInfo.processInfo.environment) -> LockInfo {
        let host = ProcessInfo.processInfo.hostName
        let user = environment["USER"] ?? environment["LOGNAME"] ?? String(getuid())
        return LockInfo(id: String(UUID().uuidString.prefix(8)).lowercased(), operation: operation, who: "\(user)@\(host)", host: host,
                        pid: getpid(), acquiredAt: now)
    }
}

/// The store is held by someone else, past the lock timeout.
public struct LockHeldError: Error, Sendable, CustomStringConvertible {
    public var holder: LockInfo

    public var description: String {
        "the state store is locked: \(holder). Wait for it to finish (or raise --lock-timeout); if that process is gone on another host, run `sfreconcile force-unlock \(holder.id)`."
    }
}

/// One apply at a time per store: a row in the `lock` table, taken in an immediate
/// transaction (SQLite serialises the writers). A lock whose holder was on this host and
/// whose process no longer exists (killed) is taken over and reported; a lock held from
/// another host is only ever removed by `force-unlock`.
public struct StateLock: Sendable {
    let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// What taking the lock found.
    public enum Acquired: Sendable {
        case fresh(LockInfo)
        /// The previous holder's process was gone; its lock was replaced.
        case tookOverFromDeadProcess(mine: LockInfo, previous: LockInfo)

        public var lock: LockInfo {
            switch self {
            case .fresh(let lock), .tookOverFromDeadProcess(let lock, _): return lock
            }
        }
    }

    /// Takes the lock for `me`, waiting up to `timeout` for another holder to let go.
    public func acquire(_ me: LockInfo, timeout: Duration, pollInterval: Duration = .milliseconds(200),
                        isAlive: @Sendable (Int32) -> Bool = StateLock.processExists) async throws -> Acquired {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let attempt: Result<Acquired, LockHeldError> = try store.write("take the lock") { db in
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM lock WHERE slot = 1") {
                    let holder = Self.info(row)
                    guard holder.host == me.host && holder.pid != me.pid && !isAlive(holder.pid) else {
                        return .failure(LockHeldError(holder: holder))
                    }
                    try db.execute(sql: "DELETE FROM lock WHERE slot = 1")
                    try Self.insert(me, db)
                    return .success(.tookOverFromDeadProcess(mine: me, previous: holder))
                }
                try Self.insert(me, db)
                return .success(.fresh(me))
            }
            switch attempt {
            case .success(let acquired): return acquired
            case .failure(let held):
                guard clock.now < deadline else { throw held }
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    /// Lets go of `lock` (only if still held by it).
    public func release(_ lock: LockInfo) throws(StateError) {
        try store.write("release the lock") { db in
            try db.execute(sql: "DELETE FROM lock WHERE slot = 1 AND id = ?", arguments: [lock.id])
        }
    }

    /// The current holder, if any.
    public func holder() throws(StateError) -> LockInfo? {
        try store.read("read the lock") { db in try Row.fetchOne(db, sql: "SELECT * FROM lock WHERE slot = 1").map(Self.info) }
    }

    /// Removes the lock `id` whoever holds it; the holder's journal entries are settled by
    /// the next apply. Throws when `id` is not the current lock.
    @discardableResult
    public func forceUnlock(_ id: String) throws(StateError) -> LockInfo {
        try store.write("force-unlock") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM lock WHERE slot = 1") else {
                throw StateError("the state store is not locked", advice: "nothing to unlock")
            }
            let holder = Self.info(row)
            guard holder.id == id else {
                throw StateError("the state store is locked by \(holder.id), not \(id): \(holder)",
                                 advice: "run `sfreconcile force-unlock \(holder.id)` if that lock is the one to remove")
            }
            try db.execute(sql: "DELETE FROM lock WHERE slot = 1")
            return holder
        }
    }

    /// Whether a process with `pid` exists on this host.
    public static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    private static func insert(_ lock: LockInfo, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO lock (slot, id, operation, who, host, pid, acquired_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
                       arguments: [lock.id, lock.operation, lock.who, lock.host, Int(lock.pid), lock.acquiredAt.storeValue])
    }

    private static func info(_ row: Row) -> LockInfo {
        LockInfo(id: row["id"], operation: row["operation"], who: row["who"], host: row["host"], pid: Int32(row["pid"] as Int),
                 acquiredAt: Date(storeValue: row["acquired_at"]))
    }
}
