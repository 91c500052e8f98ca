import Foundation
import Testing
import TestSupport

/// `sfreconcile plan` run as a user runs it: the company example planned against a
/// hand-written observed estate (a Wednesday morning: a 9-day-old snapshot, the standby
/// appliance one version behind, FT running, the SRM replica healthy, the newest backup
/// three days old).
@Suite("plan command")
struct PlanCommandTests {
    static let plans = RepositoryPaths.fixtures.appendingPathComponent("plan")
    static let observed = plans.appendingPathComponent("company-observed.json").path
    static let veeamUnknown = plans.appendingPathComponent("company-observed-veeam-unknown.json").path
    static let now = ["--now", "2026-11-25T10:00:00Z"]

    static func plan(_ arguments: [String], observed: String = PlanCommandTests.observed,
                     environment: [String: String]? = nil) throws -> CommandResult {
        try CommandRunner.sfreconcile(["plan", "examples/company", "--observed", observed] + now + arguments, environment: environment)
    }

    static let formats = ["text", "json", "markdown"]

    @Test("prints the expected plan in each format and exits 2 with --detailed-exitcode", arguments: formats)
    func company(format: String) throws {
        let result = try Self.plan(["--format", format, "--detailed-exitcode"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let suffix = ["text": "txt", "json": "json", "markdown": "md"][format]!
        Golden.expect(result.stdout, matches: Self.plans.appendingPathComponent("company.\(suffix).golden"))
    }

    @Test("the spec read from a Git repository: the same plan, naming the revision")
    func fromGitRepository() throws {
        let fixture = try TemporaryGitRepository(
            files: ["pbx/redundancy.yaml": RepositoryPaths.examples.appendingPathComponent("company/redundancy.yaml")])
        defer { fixture.remove() }
        let repository = fixture.root
        let sha = try fixture.git("rev-parse", "HEAD")

        let result = try CommandRunner.sfreconcile(["plan", "--repo", repository.path, "--path", "pbx", "--observed", Self.observed]
                                                   + Self.now + ["--detailed-exitcode"])
        #expect(result.status == 2, "\(result.stderr)")
        var lines = result.stdout.components(separatedBy: "\n")
        #expect(lines[0].contains(", revision main@sha1:\(sha)"), "\(lines[0])")
        lines[0] = lines[0].replacingOccurrences(of: ", revision main@sha1:\(sha)", with: "")
        let golden = try String(contentsOf: Self.plans.appendingPathComponent("company.txt.golden"), encoding: .utf8)
        #expect(lines.joined(separator: "\n") == golden)

        let json = try CommandRunner.sfreconcile(["plan", "--repo", repository.path, "--path", "pbx", "--observed", Self.observed,
                                                  "--format", "json"] + Self.now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["revision"] as? String == "main@sha1:\(sha)")

        let missing = try CommandRunner.sfreconcile(["plan", "--repo", repository.path, "--ref", "no-such-branch", "--path", "pbx",
                                                     "--observed", Self.observed] + Self.now + ["--detailed-exitcode"])
        #expect(missing.status == 1, "an unreadable source is an error (1), not drift (2)")
        #expect(missing.stderr.hasPrefix("error: "))
    }

    @Test("the plan names what an admin must see")
    func companyContent() throws {
        let text = try Self.plan([]).stdout
        #expect(text.contains("  - delete snapshot \"before-update\" of starface-pbx01  (SNP-1: 9d1h old > 3d)"))
        #expect(text.contains("  ~ update STARFACE of standby standby-appliance (pbx-standby) 8.1.0.9 → 8.1.0.11"))
        #expect(text.contains("  + trigger a STARFACE backup of pbx-live to s3-offsite  (BAK-1: 3d7h old > 1d)"))
        #expect(text.contains("pbx-main    host     fault tolerance"))
        #expect(text.contains("pbx-main    platform none"))
        #expect(text.hasSuffix("Plan: 1 to create, 1 to change, 1 to delete, 2 alerts.\n1 would run now; 2 wait for approval, a maintenance window or another action.\n"))
    }

    @Test("exit 0 without --detailed-exitcode, drift or not")
    func plainExit() throws {
        #expect(try Self.plan([]).status == 0)
    }

    @Test("an estate with an unknown provider: incomplete, exit 1 unless --allow-incomplete")
    func incomplete() throws {
        let result = try Self.plan(["--detailed-exitcode"], observed: Self.veeamUnknown)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the plan is incomplete: 1 resource(s) could not be observed"))
        #expect(result.stdout.contains("Not observed (plan incomplete):\n  ? veeam: unsupported: provider type veeam not supported yet in this version (1 resource)"))
        #expect(result.stdout.contains("? VMB-1 veeam/backup-job/STARFACE VM"))
        #expect(result.stdout.contains("1 resource unknown (plan incomplete)."))
        let allowed = try Self.plan(["--detailed-exitcode", "--allow-incomplete"], observed: Self.veeamUnknown)
        #expect(allowed.status == 2)
        #expect(try Self.plan(["--allow-incomplete"], observed: Self.veeamUnknown).status == 0)
    }

    @Test("--out writes the JSON plan whatever is printed")
    func out() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plan.json")
        let result = try Self.plan(["--out", file.path])
        #expect(result.status == 0)
        let written = try String(contentsOf: file, encoding: .utf8)
        #expect(written == (try Self.plan(["--format", "json"]).stdout))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any])
        #expect(object["format_version"] as? String == "1.0")
        #expect(object["complete"] as? Bool == true)
    }

    @Test("usage errors: a bad --now, an unreadable or malformed estate, an invalid spec; without --observed, unreachable providers make the plan incomplete")
    func usageErrors() throws {
        // Without --observed, plan observes now; nothing of the example is reachable here, so
        // every resource is unknown (never absent) and the plan is incomplete: exit 1.
        let live = try CommandRunner.sfreconcile(["plan", "examples/company", "--format", "json", "--state-dir", "/nonexistent/sfreconcile-state"])
        #expect(live.status == 1)
        #expect(live.stderr.contains("the plan is incomplete"))
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [String: Any])
        #expect(plan["complete"] as? Bool == false)
        #expect((plan["actions"] as? [Any])?.isEmpty == true)
        let badNow = try CommandRunner.sfreconcile(["plan", "examples/company", "--observed", Self.observed, "--now", "tomorrow"])
        #expect(badNow.status != 0)
        #expect(badNow.stderr.contains("not an ISO 8601 time"))
        let noFile = try Self.plan([], observed: "does/not/exist.json")
        #expect(noFile.status == 1)
        #expect(noFile.stderr.contains("does/not/exist.json: cannot read the observed estate"))
        let notEstate = try Self.plan([], observed: RepositoryPaths.root.appendingPathComponent("Package.swift").path)
        #expect(notEstate.status == 1)
        #expect(notEstate.stderr.contains("not an observed estate"))
        let invalid = try CommandRunner.sfreconcile(["plan", "multi-error.yaml", "--observed", Self.observed],
                                                    in: RepositoryPaths.fixtures.appendingPathComponent("validate"))
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("invalid:"))
        #expect(invalid.stdout.isEmpty)
    }

    @Test("colours on a terminal only, never with --no-color or NO_COLOR")
    func colours() throws {
        func onTerminal(_ extra: String, environment: [String: String]) throws -> String {
            let command = ([RepositoryPaths.binary.path, "plan", "examples/company", "--observed", Self.observed] + Self.now)
                .map { "'\($0)'" }.joined(separator: " ") + " " + extra
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = RepositoryPaths.root
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm"
        #expect(try onTerminal("", environment: environment).contains("\u{1B}["))
        #expect(!(try onTerminal("--no-color", environment: environment).contains("\u{1B}[")))
        environment["NO_COLOR"] = "1"
        #expect(!(try onTerminal("", environment: environment).contains("\u{1B}[")))
        // Not a terminal: no colours.
        #expect(!(try Self.plan([]).stdout.contains("\u{1B}[")))
    }

    @Test("a secret the spec references, echoed by a provider, is redacted")
    func secrets() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var estate = try String(contentsOfFile: Self.veeamUnknown, encoding: .utf8)
        estate = estate.replacingOccurrences(of: "\"message\": \"provider type veeam not supported yet in this version\"",
                                             with: "\"message\": \"login with Veeam-Pa55-word refused\"")
        let file = directory.appendingPathComponent("estate.json")
        try estate.write(to: file, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["VEEAM_PASSWORD"] = "Veeam-Pa55-word"
        for format in Self.formats {
            let result = try Self.plan(["--format", format, "--allow-incomplete"], observed: file.path, environment: environment)
            #expect(result.status == 0)
            #expect(result.stdout.contains("login with ") && !result.stdout.contains("Veeam-Pa55-word"), "\(format)")
        }
    }
}
