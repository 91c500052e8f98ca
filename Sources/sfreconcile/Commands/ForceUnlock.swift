import ArgumentParser
import Controller
import Foundation

extension SFReconcile {
    /// `sfreconcile force-unlock ID`: removes a lock whose holder is gone.
    struct ForceUnlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "force-unlock",
            abstract: "Remove the state store's lock when its holder is gone.",
            discussion: """
                A blocked apply prints the lock's ID, operation, user@host, pid and time. Use this \
                only when that process no longer runs (a lock of a killed process on this host is \
                taken over by the next apply by itself). Actions the holder left unfinished are \
                settled by the next apply.
                """
        )

        @Argument(help: ArgumentHelp("The lock's ID, as a blocked apply prints it.", valueName: "id"))
        var id: String

        @OptionGroup
        var state: StateOptions
    }
}

extension SFReconcile.ForceUnlock {
    func run() async throws {
        let store = try state.open(create: false)
        do {
            let removed = try StateLock(store: store).forceUnlock(id)
            print("removed \(removed)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
