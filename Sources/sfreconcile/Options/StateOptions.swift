import ArgumentParser
import Controller
import Foundation

/// Where the state store lives: shared by `apply`, `approve`, `force-unlock` and `plan`.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "The state directory (default: $XDG_STATE_HOME/sfreconcile or ~/.local/state/sfreconcile; the service uses /var/lib/sfreconcile).",
        valueName: "DIR"))
    var stateDirectory: String?

    /// The directory named, or the default.
    var directory: String { stateDirectory ?? StateStore.defaultDirectory() }

    /// Opens (creating) the store, or reports why not and exits 1.
    func open(create: Bool = true) throws -> StateStore {
        do {
            return try StateStore(directory: directory, create: create)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
