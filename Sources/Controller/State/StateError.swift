import Foundation

/// Why the state store could not be used, said so an admin knows what to do.
public struct StateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the path or record concerned.
    public var message: String
    /// What to do about it.
    public var advice: String

    public init(_ message: String, advice: String) {
        self.message = message
        self.advice = advice
    }

    public var description: String { "\(message) (\(advice))" }

    static func database(_ error: any Error, doing what: String, at path: String) -> StateError {
        StateError("the state store \(path) failed to \(what): \(error)",
                   advice: "check that the state directory is writable and not on a network file system; `sqlite3 \(path) 'PRAGMA integrity_check'` tells whether the file is damaged")
    }
}
