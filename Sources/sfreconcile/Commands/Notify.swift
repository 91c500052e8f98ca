import ArgumentParser
import Controller
import Foundation
import Spec

extension SFReconcile {
    /// `sfreconcile notify --test`: checks the spec's alert sinks by sending each a test alert.
    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test alert (and its resolution) to each alert sink of the spec.",
            discussion: """
                Reads the spec like validate, resolves the sinks' secrets on this host, and sends \
                every sink (or only --sink NAME) a test alert of rule TEST, whatever its minSeverity, \
                then its resolution. Exit status: 0 when every sink accepted both, 1 when one did not \
                or the spec is invalid. docs/alerts.md describes the payloads.
                """
        )

        @OptionGroup
        var source: SpecSourceOptions

        @Flag(help: "Send a test alert. Required: notify sends nothing else in this version.")
        var test = false

        @Option(help: ArgumentHelp("Test only the sink with this name.", valueName: "name"))
        var sink: String?

        func validate() throws {
            guard test else { throw ValidationError("pass --test: notify sends only test alerts in this version") }
        }
    }
}

extension SFReconcile.Notify {
    func run() async throws {
        let snapshot: SpecSnapshot
        do {
            snapshot = try await SpecSourceReader().read(try source.source())
        } catch let error as GitError {
            throw SourceFailure.report(error)
        }
        guard snapshot.result.isValid else {
            print(ValidationReportRenderer.render(snapshot, as: .text), terminator: "")
            throw ExitCode.failure
        }
        let sinks = snapshot.result.spec.alerts
        if let sink, !sinks.contains(where: { $0.name == sink }) {
            throw ValidationError("the spec has no alert sink named \"\(sink)\" (it has: \(sinks.map(\.name).joined(separator: ", ")))")
        }
        let statuses: [AlertSinkStatus]
        do {
            statuses = try await AlertSinkCheck.run(sinks, only: sink, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        print(AlertSinkCheck.render(statuses), terminator: "")
        if statuses.contains(where: { $0.lastError != nil }) { throw ExitCode.failure }
    }
}
