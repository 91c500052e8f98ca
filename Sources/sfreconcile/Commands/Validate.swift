import ArgumentParser
import Controller
import Spec

extension SFReconcile {
    /// `sfreconcile validate`: checks a spec and lists every problem with its location.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a spec and report every problem with file:line:column.",
            discussion: "Exits 0 when the spec is valid, 1 when it is not."
        )

        @Argument(help: "A spec file, or a directory whose *.yaml and *.yml files form the spec.")
        var path: String = "."

        @Option(help: "Output format: text (compiler style), json, or github (workflow annotations).")
        var format: ValidationOutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false
    }
}

extension SFReconcile.Validate {
    func run() throws {
        let result = SpecLoader().load(path: path)
        print(ValidationReportRenderer.render(result, as: format), terminator: "")
        let failed = !result.isValid || (strict && !result.diagnostics.isEmpty)
        if failed { throw ExitCode.failure }
    }
}

extension ValidationOutputFormat: ExpressibleByArgument {}
