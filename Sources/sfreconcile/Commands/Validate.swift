import ArgumentParser
import Controller
import Spec

extension SFReconcile {
    /// `sfreconcile validate`: checks a spec and lists every problem with its location.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a spec and report every problem with file:line:column.",
            discussion: """
                Reads a spec file or directory, or with --repo a ref and path of a Git repository \
                (files are then named by their path in the repository, and the revision is printed).
                Exits 0 when the spec is valid, 1 when it is not, 2 when it cannot be read.
                """
        )

        @OptionGroup
        var source: SpecSourceOptions

        @Option(help: "Output format: text (compiler style), json, or github (workflow annotations).")
        var format: ValidationOutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false
    }
}

extension SFReconcile.Validate {
    func run() async throws {
        let snapshot: SpecSnapshot
        do {
            snapshot = try await SpecSourceReader().read(try source.source())
        } catch let error as GitError {
            throw SourceFailure.report(error)
        }
        print(ValidationReportRenderer.render(snapshot, as: format), terminator: "")
        let result = snapshot.result
        let failed = !result.isValid || (strict && !result.diagnostics.isEmpty)
        if failed { throw ExitCode.failure }
    }
}

extension ValidationOutputFormat: ExpressibleByArgument {}
