import ArgumentParser
import Controller
import Foundation

extension SFReconcile {
    /// `sfreconcile approve ID…`: consent for actions whose policy class is `approve`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve actions that need a person's consent (policy.actions: approve).",
            discussion: """
                Records the approval in the state store; the next apply that plans the action runs \
                it, and uses the approval up. IDs are the plan's action ids \
                (reconfigureStandbyCpu:vc-ham/vm/starface-pbx). Approving a change approves the \
                SNP-2 snapshot pair around it.
                """
        )

        @Argument(help: ArgumentHelp("Action ids, as `plan` shows them.", valueName: "id"))
        var ids: [String]

        @OptionGroup
        var state: StateOptions

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one action id (see `sfreconcile plan`)") }
        }
    }
}

extension SFReconcile.Approve {
    func run() async throws {
        let store = try state.open()
        let who = LockInfo.current(operation: "approve", now: Date()).who
        do {
            for id in ids {
                try Approvals(store: store).approve(id, who: who, at: Date())
                print("approved \(id)")
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
