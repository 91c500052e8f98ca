import Controller
import Foundation
import Providers
import TestSupport
import Testing

/// `sfreconcile run` end to end: a bare Git repository (file://), vcsim with a 30-day-old
/// snapshot, the service as a child process, a push and a GitHub-style signed webhook.
@Suite(.serialized, .enabled(if: VCSim.isAvailable, VCSim.unavailableReason))
struct RunCommandTests {
    static let vm = "DC0_C0_RP0_VM0"
    static let secret = "hook-secret-for-tests"

    static func spec(url: String, maxAge: String) -> String {
        """
        apiVersion: sfreconcile/v1
        sites: { a: {} }
        providers:
          vc: { type: vsphere, url: "\(url)", username: sfreconcile, password: "${env:VC_PASSWORD}", site: a }
        instances:
          pbx:
            live: { site: a, platform: vm, vm: { provider: vc, name: \(vm) } }
            snapshots: { maxAge: \(maxAge) }
        policy:
          maintenanceWindows:
            - { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }
        """
    }

    @Test("a signed push webhook makes run reconcile the new revision, deleting the snapshot it now forbids; status, SIGTERM, suspend")
    func pushWebhookReconciles() async throws {
        let vcsim = try VCSim(vms: 1, startUp: ["-snapshot", "\(Self.vm)=old@720h"])
        defer { vcsim.stop() }
        let git = try GitFixture()
        let directory = try RepositoryPaths.temporaryDirectory("run-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try git.commit(["spec/spec.yaml": Self.spec(url: vcsim.url, maxAge: "1000h")], message: "snapshots may be 1000h old")
        let environment = ["VC_PASSWORD": "any", "HOOK_SECRET": Self.secret, "API_TOKEN": "api-token-for-tests", "HOME": directory.path,
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let controller = try RunningController(
            ["--repo", git.fileURL, "--ref", "main", "--path", "spec", "--state-dir", directory.appendingPathComponent("state").path,
             "--cache-dir", directory.appendingPathComponent("cache").path, "--webhook-secret-env", "HOOK_SECRET", "--api-token-env", "API_TOKEN",
             "--interval", "3600", "--source-interval", "3600", "--log-format", "json"],
            environment: environment, directory: directory)

        _ = try await controller.waitForStatus { RunningController.appliedRevision($0)?.hasSuffix(first) == true }
        #expect(await controller.get("/readyz")?.status == 200)
        #expect(try Self.snapshots(url: vcsim.url, environment: environment, directory: directory) == ["old"])

        let second = try git.commit(["spec/spec.yaml": Self.spec(url: vcsim.url, maxAge: "72h")], message: "snapshots at most 72h old")
        let body = Data(#"{"ref":"refs/heads/main","after":"\#(second)","repository":{"full_name":"ops/pbx"}}"#.utf8)
        let forged = try await controller.post("/hooks/git", headers: ["X-GitHub-Event": "push",
                                                                      "X-Hub-Signature-256": "sha256=" + String(repeating: "0", count: 64)],
                                               body: body)
        #expect(forged.status == 401)
        let unsigned = try await controller.post("/hooks/git", headers: ["X-GitHub-Event": "push"], body: body)
        #expect(unsigned.status == 401)
        let otherBranch = Data(#"{"ref":"refs/heads/feature","after":"\#(second)"}"#.utf8)
        let ignored = try await controller.post("/hooks/git", headers: [
            "X-GitHub-Event": "push", "X-Hub-Signature-256": HMACSignature.prefixed(otherBranch, key: Array(Self.secret.utf8)),
        ], body: otherBranch)
        #expect(ignored.status == 200)

        let pushed = ContinuousClock.now
        let signed = try await controller.post("/hooks/git", headers: [
            "X-GitHub-Event": "push", "Content-Type": "application/json",
            "X-Hub-Signature-256": HMACSignature.prefixed(body, key: Array(Self.secret.utf8)),
        ], body: body)
        #expect(signed.status == 202)
        let reconciled = try await controller.waitForStatus { RunningController.appliedRevision($0)?.hasSuffix(second) == true }
        Self.report(ContinuousClock.now - pushed)

        // The plan of that reconcile found the stale snapshot, and its apply deleted it in vcsim.
        #expect(Self.actions(in: reconciled).contains { $0.hasPrefix("deleteSnapshot:") })
        #expect(try Self.snapshots(url: vcsim.url, environment: environment, directory: directory) == [])

        // A commit with an invalid spec is reported, not applied: the last good spec stays.
        let bad = try git.commit(["spec/spec.yaml": "apiVersion: sfreconcile/v1\ninstances: { pbx: { live: 3 } }\n"], message: "broken")
        let badBody = Data(#"{"ref":"refs/heads/main","after":"\#(bad)"}"#.utf8)
        let badHook = try await controller.post("/hooks/git", headers: [
            "X-GitHub-Event": "push", "X-Hub-Signature-256": HMACSignature.prefixed(badBody, key: Array(Self.secret.utf8)),
        ], body: badBody)
        #expect(badHook.status == 202)
        let rejected = try await controller.waitForStatus { document in
            ((document["source"] as? [String: Any])?["rejected_revision"] as? String)?.hasSuffix(bad) == true
        }
        #expect(RunningController.appliedRevision(rejected)?.hasSuffix(second) == true)
        #expect(((rejected["source"] as? [String: Any])?["revision"] as? String)?.hasSuffix(second) == true)

        // The reconcile API takes the bearer token and nothing else.
        #expect(try await controller.post("/api/v1/reconcile", headers: ["Authorization": "Bearer wrong"], body: Data()).status == 401)
        #expect(try await controller.post("/api/v1/reconcile", headers: ["Authorization": "Bearer api-token-for-tests"], body: Data()).status == 202)

        // `status` asks the service; with the service gone it reads the state store.
        let state = directory.appendingPathComponent("state").path
        let live = try Self.command(["status", "--url", controller.url, "--state-dir", state], environment: environment)
        #expect(live.status == 0)
        #expect(live.output.contains("Ready=true") && live.output.contains(second) && live.output.contains("Instance pbx"))
        #expect(controller.terminate() == 0)
        #expect(controller.stderr().contains("\"msg\":\"stopped\""))
        let stored = try Self.command(["status", "--json", "--url", controller.url, "--state-dir", state], environment: environment)
        #expect(stored.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(stored.output.utf8)) as? [String: Any])
        #expect(RunningController.appliedRevision(document)?.hasSuffix(second) == true)

        // suspend/resume are recorded in the store the service reads.
        #expect(try Self.command(["suspend", "pbx", "--state-dir", state], environment: environment).status == 0)
        #expect(try Suspensions(store: StateStore(directory: state, create: false)).suspended() == ["pbx"])
        #expect(try Self.command(["resume", "pbx", "--state-dir", state], environment: environment).status == 0)
        #expect(try Suspensions(store: StateStore(directory: state, create: false)).suspended().isEmpty)
    }

    /// Runs `sfreconcile ARGS` to its end: exit status and standard output.
    static func command(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let result = try CommandRunner.sfreconcile(arguments, environment: environment)
        return (result.status, result.stdout)
    }

    static func actions(in document: [String: Any]) -> [String] {
        (((document["plan"] as? [String: Any])?["actions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    /// The VM's snapshot names in vcsim, through `sfreconcile observe` on the same spec.
    static func snapshots(url: String, environment: [String: String], directory: URL) throws -> [String] {
        let specDirectory = directory.appendingPathComponent("observe-spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        try spec(url: url, maxAge: "72h").write(to: specDirectory.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let data = Data(try CommandRunner.sfreconcile(["observe", specDirectory.path], environment: environment).stdout.utf8)
        guard let estate = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let resources = estate["resources"] as? [String: [String: Any]],
              let state = resources["vc/vm/\(vm)"]?["state"] as? [String: Any] else {
            throw ScenarioError("observe gave no state for \(vm)")
        }
        return ((state["snapshots"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
    }

    /// Prints the push-to-reconciled time; Benchmarks/run-push.sh collects it.
    static func report(_ elapsed: Duration) {
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        print("push-to-reconciled-ms: \(String(format: "%.1f", milliseconds))")
        if let file = ProcessInfo.processInfo.environment["SFRECONCILE_MEASURE_FILE"],
           let handle = FileHandle(forWritingAtPath: file) ?? (FileManager.default.createFile(atPath: file, contents: nil) ? FileHandle(forWritingAtPath: file) : nil) {
            handle.seekToEndOfFile()
            handle.write(Data("\(milliseconds)\n".utf8))
            handle.closeFile()
        }
    }
}
