import ArgumentParser
import Controller
import Foundation
import Spec

/// The spec a command acts on, or its diagnostics on standard error and exit 1.
enum ValidSpec {
    /// The spec (from a path or a Git revision) and its revision.
    static func load(_ source: SpecSourceOptions) async throws -> (spec: Spec, revision: String?) {
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
