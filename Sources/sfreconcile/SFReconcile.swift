import ArgumentParser
import Providers

/// The `sfreconcile` command: keeps STARFACE PBXs as redundant as their spec declares.
@main
struct SFReconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfreconcile",
        abstract: "Keep STARFACE telephony systems as redundant as their spec declares.",
        discussion: """
            sfreconcile reads a redundancy spec (YAML) from a directory or a Git repository, \
            observes what really exists, and plans or applies what closes the gap.
            See docs/spec.md for the spec format.
            """,
        version: SFReconcileVersion.current,
        subcommands: [Validate.self, Diff.self, Observe.self, Plan.self, Apply.self, Approve.self, ForceUnlock.self, Notify.self, Schema.self,
                      Run.self, Status.self, Suspend.self, Resume.self]
    )

    /// Applies process-wide settings, then parses and runs the command.
    static func main() async {
        MemoryTuning.apply()
        await main(nil)
    }
}

/// The version printed by `sfreconcile --version`.
enum SFReconcileVersion {
    static let current = "0.1.0-dev"
}
