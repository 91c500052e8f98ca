import Controller
import Foundation
import Spec
import Testing
import TestSupport

/// The Flux-like failure semantics of a polled Git source, against real repositories.
@Suite("GitSource")
struct GitSourceTests {
    private func source(_ fixture: GitFixture, url: String? = nil, ref: GitReference = .named("main"), path: String = "specs",
                        credentials: GitCredentials = .none, environment: [String: String] = [:]) throws -> GitSource {
        let configuration = GitSourceConfiguration(
            location: try GitSourceLocation(parsing: url ?? fixture.fileURL), ref: ref, path: path,
            credentials: credentials, cacheDirectory: fixture.cacheDirectory, timeout: .seconds(30), environment: environment)
        return GitSource(configuration: configuration, now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    @Test("a valid revision becomes the artifact; a poll with no new commit loads nothing")
    func acceptAndNoChange() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let source = try source(fixture)
        let first = await source.poll()
        #expect(first.lastOutcome == .accepted)
        #expect(first.isReady)
        #expect(first.artifact?.revision == GitRevision(refName: "main", sha: sha))
        #expect(first.artifact?.result.files == ["specs/a.yaml"])
        #expect(first.condition(.ready)?.message == "stored the spec of revision main@sha1:\(sha)")

        let mirror = fixture.cacheDirectory
        let packsBefore = try FileManager.default.subpathsOfDirectory(atPath: mirror).sorted()
        let second = await source.poll()
        #expect(second.lastOutcome == .unchanged)
        #expect(second.loads == 1 && second.polls == 2)
        #expect(second.isReady)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: mirror).sorted() == packsBefore)
    }

    @Test("polls that overlap share one fetch")
    func overlappingPolls() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let source = try source(fixture)
        async let first = source.poll()
        async let second = source.poll()
        let (a, b) = await (first, second)
        #expect(a.polls == 1 && b.polls == 1 && a.loads == 1)
        #expect(await source.status.polls == 1)
    }

    @Test("an invalid commit keeps the last good spec and reports the bad revision with its errors")
    func invalidCommit() async throws {
        let fixture = try GitFixture()
        let good = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let source = try source(fixture)
        await source.poll()
        let bad = try fixture.commit(["specs/a.yaml": SpecText.invalid])

        let status = await source.poll()
        #expect(status.lastOutcome == .rejected)
        #expect(status.artifact?.revision?.sha == good)
        #expect(status.artifact?.result.spec.sites.names == ["a"])
        #expect(status.rejectedRevision == GitRevision(refName: "main", sha: bad))
        #expect(status.lastAttemptedRevision?.sha == bad)
        let error = try #require(status.rejectedDiagnostics.first)
        #expect(error.location == SourceLocation(file: "specs/a.yaml", line: 3, column: 13))
        #expect(!status.isReady)
        let invalid = try #require(status.condition(.specInvalid))
        #expect(invalid.reason == .validationFailed)
        #expect(invalid.message.hasPrefix("revision main@sha1:\(bad) is invalid: 1 error, first: specs/a.yaml:3:13: unknown key"))
        #expect(invalid.message.hasSuffix("; keeping the last good revision main@sha1:\(good)"))

        // Polling the same bad revision again does not load it again.
        let again = await source.poll()
        #expect(again.lastOutcome == .unchanged && again.loads == 2 && again.condition(.specInvalid) != nil)

        let fixed = try fixture.commit(["specs/a.yaml": SpecText.site("a", "fixed")])
        let recovered = await source.poll()
        #expect(recovered.lastOutcome == .accepted && recovered.isReady)
        #expect(recovered.artifact?.revision?.sha == fixed)
        #expect(recovered.condition(.specInvalid) == nil && recovered.rejectedRevision == nil)
    }

    @Test("a commit that removes the spec's directory is a bad revision, not a fetch failure")
    func pathRemoved() async throws {
        let fixture = try GitFixture()
        let good = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let source = try source(fixture)
        await source.poll()
        let bad = try fixture.commit(["specs/a.yaml": nil, "other/b.yaml": SpecText.site("b")])
        let status = await source.poll()
        #expect(status.lastOutcome == .rejected)
        #expect(status.rejectedRevision?.sha == bad)
        #expect(status.artifact?.revision?.sha == good)
        #expect(status.rejectedDiagnostics.first?.message == "the path \"specs\" does not exist at main@sha1:\(bad)")
    }

    @Test("a fetch error keeps the last good revision and surfaces the error until the server is back")
    func fetchError() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        var daemon = try ServerProcess.gitDaemon(basePath: fixture.serverRoot)
        defer { daemon.stop() }
        let port = daemon.port
        let source = try source(fixture, url: "git://127.0.0.1:\(port)/specs.git")
        #expect(await source.poll().isReady)

        daemon.stop()
        let failed = await source.poll()
        #expect(failed.lastOutcome == .failed)
        #expect(failed.lastError?.kind == .network)
        #expect(failed.artifact?.revision?.sha == sha)
        #expect(!failed.isReady)
        let fetchFailed = try #require(failed.condition(.fetchFailed))
        #expect(fetchFailed.reason == .gitOperationFailed)
        #expect(failed.condition(.stalled) == nil)
        #expect(failed.condition(.ready)?.message.hasSuffix("; keeping the last good revision main@sha1:\(sha)") == true)
        #expect(failed.nextPollDelay(interval: .seconds(60), retryInterval: .seconds(5)) == .seconds(5))
        let twice = await source.poll()
        #expect(twice.consecutiveFailures == 2)
        #expect(twice.nextPollDelay(interval: .seconds(60), retryInterval: .seconds(5)) == .seconds(10))

        daemon = try ServerProcess.gitDaemon(basePath: fixture.serverRoot, port: port)
        let back = await source.poll()
        #expect(back.lastOutcome == .unchanged)
        #expect(back.isReady && back.condition(.fetchFailed) == nil && back.lastError == nil)
        #expect(back.loads == 1)
    }

    @Test("a force-push to the followed branch is picked up over smart HTTP")
    func forcePush() async throws {
        let fixture = try GitFixture()
        let base = try fixture.commit(["specs/a.yaml": SpecText.site("a", "one")])
        try fixture.commit(["specs/a.yaml": SpecText.site("a", "two")])
        let server = try ServerProcess.gitHTTPBackend(root: fixture.serverRoot)
        defer { server.stop() }
        let source = try source(fixture, url: "http://127.0.0.1:\(server.port)/specs.git")
        await source.poll()
        try fixture.git("reset", "--quiet", "--hard", base)
        let rewritten = try fixture.commit(["specs/a.yaml": SpecText.site("a", "rewritten")])
        let status = await source.poll()
        #expect(status.lastOutcome == .accepted)
        #expect(status.artifact?.revision?.sha == rewritten)
        #expect(status.artifact?.result.spec.sites["a"]?.description == "rewritten")
    }

    @Test("a deleted branch keeps the last good spec and says which branches exist")
    func deletedBranch() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        try fixture.git("push", "--quiet", "origin", "HEAD:refs/heads/release")
        let source = try source(fixture, ref: .named("release"))
        #expect(await source.poll().isReady)
        try fixture.git("push", "--quiet", "origin", ":refs/heads/release")
        let status = await source.poll()
        #expect(status.lastError?.kind == .refNotFound)
        #expect(status.condition(.fetchFailed)?.reason == .refNotFound)
        #expect(status.artifact != nil)
        #expect(status.lastError?.hint == "branches: main; tags: none")
    }

    @Test("credentials never appear in status, errors or conditions")
    func credentialsNeverShown() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let token = "tok-\(UUID().uuidString)"
        let server = try ServerProcess.gitHTTPBackend(root: fixture.serverRoot, token: token)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/specs.git"

        func shown(_ status: GitSourceStatus) -> String {
            ([status.lastError?.description ?? ""] + status.conditions.map(\.message)).joined(separator: "\n")
        }
        let wrong = "wrong-\(token)"
        let refused = await (try source(fixture, url: url, credentials: GitCredentials(token: .environment("T")),
                                        environment: ["T": wrong])).poll()
        #expect(refused.lastError?.kind == .authentication)
        #expect(refused.condition(.stalled) != nil)
        #expect(!shown(refused).contains(wrong) && !shown(refused).contains(token))

        let inURL = "http://x-access-token:\(token)@127.0.0.1:\(server.port)/specs.git"
        let rejected = await (try source(fixture, url: inURL)).poll()
        #expect(rejected.lastError?.kind == .invalidConfiguration)
        #expect(rejected.lastError?.message == "the repository URL http://***@127.0.0.1:\(server.port)/specs.git carries a password or token")
        #expect(!shown(rejected).contains(token))

        let userOnly = "http://\(token)@127.0.0.1:\(server.port)/specs.git"
        let asUser = await (try source(fixture, url: userOnly)).poll()
        #expect(asUser.lastError != nil)
        #expect(!shown(asUser).contains(token), "\(shown(asUser))")

        let accepted = await (try source(fixture, url: url, credentials: GitCredentials(token: .environment("T")),
                                         environment: ["T": token])).poll()
        #expect(accepted.isReady)
    }
}
