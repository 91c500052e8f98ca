import ArgumentParser

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
        subcommands: [Validate.self, Schema.self, Observe.self]
    )
}

/// The version printed by `sfreconcile --version`.
enum SFReconcileVersion {
    static let current = "0.1.0-dev"
}
