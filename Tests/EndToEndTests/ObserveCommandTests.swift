import Foundation
import Testing
import TestSupport

/// `sfreconcile observe` run as a user runs it. No provider is reachable here and no secret
/// is set, so every resource must come back `unknown` with a reason — never `absent` — and
/// the command still writes the estate and exits 0.
@Suite("observe command")
struct ObserveCommandTests {
    @Test("reads the spec from a Git revision, records the revision, and reports unknowns, never absence")
    func fromGitRepository() throws {
        let fixture = try TemporaryGitRepository(
            files: ["pbx/starface.yaml": RepositoryPaths.examples.appendingPathComponent("quickstart/starface.yaml")])
        defer { fixture.remove() }
        let sha = try fixture.git("rev-parse", "HEAD")
        let cache = fixture.root.appendingPathComponent(".cache").path
        let result = try CommandRunner.sfreconcile(
            ["observe", "--repo", fixture.root.path, "--path", "pbx", "--cache-dir", cache],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        let estate = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(estate["revision"] as? String == "main@sha1:\(sha)")
        let resources = try #require(estate["resources"] as? [String: [String: Any]])
        #expect(!resources.isEmpty)
        for (address, observation) in resources {
            #expect(observation["status"] as? String == "unknown", "\(address) should be unknown")
            #expect(observation["error"] != nil, "\(address) needs a reason")
        }
    }

    @Test("an invalid spec exits 1 with located diagnostics and writes no estate")
    func invalidSpec() throws {
        let result = try CommandRunner.sfreconcile(
            ["observe", "malformed/044-unknown-enum-value.yaml"], in: RepositoryPaths.fixtures)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("malformed/044-unknown-enum-value.yaml:"))
    }
}
