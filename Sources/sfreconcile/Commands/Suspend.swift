import ArgumentParser
import Controller
import Foundation

extension SFReconcile {
    /// `sfreconcile suspend INSTANCE`: the controller keeps observing and reporting the
    /// instance but takes no action for it until `resume`.
    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the controller from acting on an instance (it is still observed and reported).",
            discussion: "Recorded in the state store; `sfreconcile run` honours it from its next reconcile. The spec flag instances.NAME.suspended does the same from Git."
        )

        @Argument(help: "The instance, as named in the spec.")
        var instance: String

        @OptionGroup(title: "State store")
        var state: StateOptions
    }

    /// `sfreconcile resume INSTANCE`: undoes `suspend`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let the controller act on a suspended instance again.",
            discussion: "Removes the suspension `sfreconcile suspend` recorded; a spec flag instances.NAME.suspended stays in force."
        )

        @Argument(help: "The instance, as named in the spec.")
        var instance: String

        @OptionGroup(title: "State store")
        var state: StateOptions
    }
}

extension SFReconcile.Suspend {
    func run() async throws {
        let store = try state.open()
        do {
            try Suspensions(store: store).suspend(instance, who: LockInfo.current(operation: "suspend", now: Date()).who, at: Date())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print("suspended \(instance): observed and reported, no actions until `sfreconcile resume \(instance)`")
    }
}

extension SFReconcile.Resume {
    func run() async throws {
        let store = try state.open()
        let resumed: Bool
        do {
            resumed = try Suspensions(store: store).resume(instance)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print(resumed ? "resumed \(instance)" : "\(instance) was not suspended (a spec flag `suspended: true` is changed in Git)")
    }
}
