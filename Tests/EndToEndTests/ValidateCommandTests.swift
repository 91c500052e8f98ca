import Foundation
import Testing
import TestSupport

/// `sfreconcile validate` and `schema` run as a user runs them: the built binary,
/// its output and its exit code.
@Suite("validate and schema commands")
struct ValidateCommandTests {
    @Test("every bundled example is valid", arguments: ["examples/quickstart", "examples/company", "examples/msp", "examples/exec"])
    func examples(path: String) throws {
        let result = try CommandRunner.sfreconcile(["validate", path, "--strict"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("valid:"))
    }

    static let formats = ["text", "json", "github"]

    @Test("renders errors in each format as its golden file shows, exiting 1", arguments: formats)
    func rendersGolden(format: String) throws {
        let result = try CommandRunner.sfreconcile(
            ["validate", "multi-error.yaml", "--format", format], in: RepositoryPaths.fixtures.appendingPathComponent("validate"))
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        Golden.expect(result.stdout, matches: RepositoryPaths.fixtures.appendingPathComponent("validate/multi-error.\(format).golden"))
    }

    @Test("json output parses and counts what it lists")
    func jsonShape() throws {
        let result = try CommandRunner.sfreconcile(
            ["validate", "multi-error.yaml", "--format", "json"], in: RepositoryPaths.fixtures.appendingPathComponent("validate"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        #expect(diagnostics.count == (summary["errors"] as? Int ?? -1) + (summary["warnings"] as? Int ?? -1))
        #expect(diagnostics.allSatisfy { ($0["line"] as? Int ?? 0) > 0 && $0["hint"] is String })
    }

    @Test("warnings pass, unless --strict")
    func strict() throws {
        let directory = RepositoryPaths.fixtures.appendingPathComponent("validate")
        #expect(try CommandRunner.sfreconcile(["validate", "warnings-only.yaml"], in: directory).status == 0)
        #expect(try CommandRunner.sfreconcile(["validate", "warnings-only.yaml", "--strict"], in: directory).status == 1)
    }

    @Test("a missing path and an unknown format are clear errors")
    func usageErrors() throws {
        let missing = try CommandRunner.sfreconcile(["validate", "does/not/exist"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("does/not/exist:1:1: error: no such file or directory"))
        let badFormat = try CommandRunner.sfreconcile(["validate", "examples/quickstart", "--format", "xml"])
        #expect(badFormat.status != 0 && badFormat.stderr.contains("format"))
    }

    @Test("schema prints the committed docs/schema/v1.json (regenerate with: sfreconcile schema > docs/schema/v1.json)")
    func schemaInSync() throws {
        let result = try CommandRunner.sfreconcile(["schema"])
        #expect(result.status == 0)
        let committed = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("docs/schema/v1.json"), encoding: .utf8)
        #expect(result.stdout == committed)
    }

    @Test("schema --format markdown prints the committed docs/spec-keys.md")
    func keyReferenceInSync() throws {
        let result = try CommandRunner.sfreconcile(["schema", "--format", "markdown"])
        #expect(result.status == 0)
        let committed = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("docs/spec-keys.md"), encoding: .utf8)
        #expect(result.stdout == committed, "regenerate with: sfreconcile schema --format markdown > docs/spec-keys.md")
    }

    @Test("secrets written literally are never printed")
    func noSecretEcho() throws {
        let directory = RepositoryPaths.fixtures.appendingPathComponent("validate")
        for format in Self.formats {
            let result = try CommandRunner.sfreconcile(["validate", "multi-error.yaml", "--format", format], in: directory)
            #expect(!result.stdout.contains("Winter2025"))
        }
    }
}
