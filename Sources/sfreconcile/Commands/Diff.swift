import ArgumentParser
import Controller

extension SFReconcile {
    /// `sfreconcile diff`: what changed in the spec between two revisions, for pull requests.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what changed in the spec between two revisions of a Git repository.",
            discussion: """
                Names the instances, providers, sites, alert sinks and policy added, removed or changed, \
                the keys that changed, and the rules (GEO-1..3, BAK-1..3, …) the changes touch.
                The repository is the current directory unless --repo names another.
                Exits 0, or with --exit-code 1 when the spec changed; 2 when a revision cannot be read.
                """
        )

        @Option(help: ArgumentHelp("The revision to compare from, e.g. the pull request's target (origin/main).",
                                   valueName: "REF"))
        var base: String

        @Option(help: ArgumentHelp("The revision to compare to.", valueName: "REF"))
        var head = "HEAD"

        @OptionGroup(title: "Git source")
        var git: GitRepositoryOptions

        @Option(help: "Output format: text, json, or markdown (for a pull-request comment).")
        var format: SpecDiffOutputFormat = .text

        @Flag(help: "Exit with 1 when the spec changed, like git diff --exit-code.")
        var exitCode = false
    }
}

extension SFReconcile.Diff {
    func run() async throws {
        let comparison: SpecComparison
        do {
            let configuration = try git.configuration(ref: .defaultBranch, defaultRepository: ".")
            comparison = try await SpecSourceReader().compare(
                base: try GitReference(parsing: base), head: try GitReference(parsing: head), in: configuration)
        } catch let error as GitError {
            throw SourceFailure.report(error)
        }
        print(SpecDiffRenderer.render(comparison, as: format), terminator: "")
        if exitCode && !comparison.diff.isEmpty { throw ExitCode.failure }
    }
}

extension SpecDiffOutputFormat: ExpressibleByArgument {}
