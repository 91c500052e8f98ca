import ArgumentParser
import Controller
import Foundation
import Providers
import Spec

extension SFReconcile {
    /// `sfreconcile observe`: asks every provider the spec names about the resources it
    /// references and writes the observed estate as JSON (docs/observed-json.md).
    struct Observe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Observe everything the spec references and write the observed estate as JSON.",
            discussion: """
                The file holds no secrets. It lets `plan --observed FILE` run where there are no \
                credentials (CI). Resources a provider could not observe are "unknown", with the \
                reason; the command still exits 0. Exit 1: the spec is invalid or the file cannot \
                be written.
                """
        )

        @OptionGroup
        var source: SpecSourceOptions

        @Option(name: .shortAndLong, help: "Write the estate to this file instead of standard output.")
        var out: String?

        @Option(help: "Output format (json).")
        var format: ObservedOutputFormat = .json
    }
}

/// How `observe` writes the estate.
enum ObservedOutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// docs/observed-json.md
    case json
}

extension SFReconcile.Observe {
    func run() async throws {
        let (spec, revision) = try await validSpec()
        let observer = EstateObserver(registry: ProviderRegistry(spec: spec), generator: "sfreconcile \(SFReconcileVersion.current)")
        let estate = await observer.observe(spec, revision: revision)
        do {
            if let out {
                try ObservedJSON.write(estate, toFile: out)
            } else {
                try ObservedJSON.write(estate, to: .standardOutput)
            }
        } catch {
            FileHandle.standardError.write(Data("error: cannot write \(out ?? "standard output"): \((error as NSError).localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardError.write(Data(ObservationSummaryRenderer.render(estate).utf8))
    }

    /// The spec (from a path or a Git revision) and its revision, or the diagnostics on
    /// standard error and exit 1. Only the model is kept: the source map of a large spec is
    /// freed before observing.
    private func validSpec() async throws -> (Spec, String?) {
        let snapshot: SpecSnapshot
        do {
            snapshot = try await SpecSourceReader().read(try source.source())
        } catch let error as GitError {
            throw SourceFailure.report(error, exitCode: .failure)
        }
        let loaded = snapshot.result
        guard loaded.isValid else {
            FileHandle.standardError.write(Data(ValidationReportRenderer.render(loaded, as: .text).utf8))
            throw ExitCode.failure
        }
        return (loaded.spec, snapshot.revision?.description)
    }
}
