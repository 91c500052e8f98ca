import Controller
import Foundation
import Spec
import Testing

/// The pure status function, without any repository: every path through it.
@Suite("GitSourceStatus")
struct GitSourceStatusTests {
    static let sha1 = String(repeating: "1", count: 40), sha2 = String(repeating: "2", count: 40)
    let one = GitRevision(refName: "main", sha: sha1)
    let two = GitRevision(refName: "main", sha: sha2)
    let t0 = Date(timeIntervalSince1970: 1000), t1 = Date(timeIntervalSince1970: 2000), t2 = Date(timeIntervalSince1970: 3000)

    func snapshot(_ revision: GitRevision, _ text: String = "apiVersion: sfreconcile/v1\nsites: { a: {} }\n") -> SpecSnapshot {
        SpecSnapshot(origin: .git(repository: "file:///r", revision: revision, path: ""),
                     result: SpecLoader().load([SpecSourceFile(path: "a.yaml", bytes: Array(text.utf8))]))
    }

    @Test("before any poll nothing is ready")
    func initial() {
        let status = GitSourceStatus().reconciled(by: .failed(GitError(.network, "down")), at: t0)
        #expect(!status.isReady && status.artifact == nil)
        #expect(status.condition(.ready)?.message == "down; no good revision yet")
    }

    @Test("ready, then a failure, then recovery keep the artifact and move transition times only on change")
    func transitions() {
        let accepted = GitSourceStatus().reconciled(by: .accepted(snapshot(one)), at: t0)
        #expect(accepted.isReady && accepted.conditions.count == 1)
        #expect(accepted.condition(.ready)?.lastTransitionTime == t0)

        let unchanged = accepted.reconciled(by: .unchanged(one), at: t1)
        #expect(unchanged.condition(.ready)?.lastTransitionTime == t0, "no change, no transition")

        let failed = unchanged.reconciled(by: .failed(GitError(.authentication, "refused")), at: t1)
        #expect(failed.artifact?.revision == one)
        #expect(failed.conditions.map(\.kind) == [.ready, .fetchFailed, .stalled])
        #expect(failed.condition(.ready)?.reason == .authenticationFailed)
        #expect(failed.condition(.ready)?.lastTransitionTime == t1)
        #expect(failed.nextPollDelay(interval: .seconds(300), retryInterval: .seconds(10)) == .seconds(300),
                "stalling errors wait for the interval")

        let recovered = failed.reconciled(by: .accepted(snapshot(two)), at: t2)
        #expect(recovered.isReady && recovered.conditions.count == 1 && recovered.consecutiveFailures == 0)
        #expect(recovered.artifact?.revision == two && recovered.artifactStoredAt == t2)
    }

    @Test("a rejected revision and a fetch error can be true at once")
    func rejectedThenFailed() {
        let diagnostics = [Diagnostic(.error, .unknownKey, at: SourceLocation(file: "a.yaml", line: 3, column: 5), "unknown key \"x\"")]
        let status = GitSourceStatus()
            .reconciled(by: .accepted(snapshot(one)), at: t0)
            .reconciled(by: .rejected(two, diagnostics), at: t1)
            .reconciled(by: .failed(GitError(.network, "down")), at: t2)
        #expect(status.conditions.map(\.kind) == [.ready, .fetchFailed, .specInvalid])
        #expect(status.condition(.specInvalid)?.message == "revision main@sha1:\(Self.sha2) is invalid: 1 error, first: a.yaml:3:5: unknown key \"x\"")
        #expect(status.artifact?.revision == one)
        #expect(status.polls == 3 && status.loads == 2)
    }

    @Test("transient failures back off from the retry interval up to the interval")
    func backoff() {
        var status = GitSourceStatus()
        var delays: [Duration] = []
        for _ in 0..<6 {
            status = status.reconciled(by: .failed(GitError(.network, "down")), at: t0)
            delays.append(status.nextPollDelay(interval: .seconds(60), retryInterval: .seconds(5)))
        }
        #expect(delays == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60)])
    }
}
