import Foundation
import Spec

/// Where `sfreconcile run` reads its spec: a Git source the loop polls (the newest good
/// revision is used; a bad commit is reported, not applied), or a folder read anew at every
/// reconcile.
public enum ControllerSpecSource: Sendable {
    case git(GitSource)
    case directory(String)

    /// The spec to reconcile and its revision, or why there is none.
    func current(reader: SpecSourceReader) async throws(ReconcileFailure) -> (spec: Spec, revision: String?) {
        switch self {
        case .git(let source):
            var status = await source.status
            if status.artifact == nil { status = await source.poll() }
            guard let artifact = status.artifact else {
                if let rejected = status.rejectedRevision {
                    let first = status.rejectedDiagnostics.first { $0.severity == .error }?.message ?? "invalid spec"
                    throw ReconcileFailure(.stalling, "revision \(rejected) has no valid spec (\(first)) and no earlier good one is known: fix the spec in Git")
                }
                let reason = status.lastError.map { "\($0)" } ?? "the repository was not read yet"
                throw ReconcileFailure(.transient, "cannot read the spec from Git: \(reason)")
            }
            return (artifact.result.spec, artifact.revision?.description)
        case .directory(let path):
            let snapshot: SpecSnapshot
            do {
                snapshot = try await reader.read(.directory(path))
            } catch {
                throw ReconcileFailure(.stalling, "cannot read the spec in \(path): \(error)")
            }
            guard snapshot.result.isValid else {
                let first = snapshot.result.diagnostics.first { $0.severity == .error }?.message ?? "invalid spec"
                throw ReconcileFailure(.stalling, "the spec in \(path) is not valid (\(first)): run `sfreconcile validate \(path)`")
            }
            return (snapshot.result.spec, nil)
        }
    }
}
