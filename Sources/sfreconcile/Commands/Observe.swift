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

        @Argument(help: "A spec file, or a directory whose *.yaml and *.yml files form the spec.")
        var path: String = "."

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
        let loaded = SpecLoader().load(path: path)
        guard loaded.isValid else {
            FileHandle.standardError.write(Data(ValidationReportRenderer.render(loaded, as: .text).utf8))
            throw ExitCode.failure
        }
        let observer = EstateObserver(registry: ProviderRegistry(spec: loaded.spec),
                                      generator: "sfreconcile \(SFReconcileVersion.current)")
        let estate = await observer.observe(loaded.spec)
        let data = try ObservedJSON.encode(estate)
        if let out {
            do {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write \(out): \((error as NSError).localizedDescription)\n".utf8))
                throw ExitCode.failure
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
        FileHandle.standardError.write(Data(ObservationSummaryRenderer.render(estate).utf8))
    }
}
