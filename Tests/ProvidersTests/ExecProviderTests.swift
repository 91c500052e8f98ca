import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// Exec providers: the example program (examples/exec/inventory-provider.py) end to end, and
/// small shell programs that misbehave on purpose.
@Suite("Exec provider (the example program and misbehaving programs)")
struct ExecProviderTests {
    static let vm = ResourceRef.vm("starface-pbx", on: "proxmox")
    static let replication = ResourceRef.replication(of: "starface-pbx", on: "proxmox")
    static let missing = ResourceRef.vm("ghost", on: "proxmox")
    static let job = ResourceRef.backupJob("nightly", on: "proxmox")

    func provider(_ command: [String], timeout: Int = 10, maxOutput: Int = 1 << 20) -> ExecProvider {
        var settings = ExecSettings()
        settings.command = command
        settings.timeout = .seconds(timeout)
        return ExecProvider(name: "proxmox", settings: settings,
                            options: ExecOptions(maxOutputBytes: maxOutput, environment: ProcessInfo.processInfo.environment))
    }

    func shell(_ script: String, timeout: Int = 10, maxOutput: Int = 1 << 20) -> ExecProvider {
        provider(["/bin/sh", "-c", script], timeout: timeout, maxOutput: maxOutput)
    }

    /// A copy of the example inventory in a temporary folder, and the example program's command.
    func example() throws -> (command: [String], inventory: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let inventory = folder.appendingPathComponent("inventory.json")
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("examples/exec/inventory.json"), toPath: inventory.path)
        return ([RepositoryPaths.which("python3") ?? "/usr/bin/python3", RepositoryPaths.path("examples/exec/inventory-provider.py"),
                 "--inventory", inventory.path], inventory)
    }

    @Test("the example program observes and removes a snapshot through the protocol")
    func exampleProgram() async throws {
        let (command, inventory) = try example()
        defer { try? FileManager.default.removeItem(at: inventory.deletingLastPathComponent()) }
        let exec = provider(command)
        let observations = await exec.observe([Self.vm, Self.replication, Self.missing, Self.job])
        guard case .present(.vm(let vm))? = observations[Self.vm] else {
            Issue.record("expected the VM, got \(String(describing: observations[Self.vm]))")
            return
        }
        #expect(vm.hypervisor == Hypervisor(rawValue: "proxmox"))
        #expect(vm.numCPU == 4)
        #expect(vm.snapshots.map(\.id) == ["before-update"])
        guard case .present(.replication(let replication))? = observations[Self.replication] else {
            Issue.record("expected the replication")
            return
        }
        #expect(replication.mechanism == ReplicationMechanism(rawValue: "pvesr"))
        #expect(replication.rpo == .seconds(300))
        #expect(observations[Self.missing] == .absent)
        #expect(observations[Self.job]?.error?.kind == .unsupported)   // the inventory has no backup-job section

        #expect(try await exec.perform(.removeSnapshot(vm: Self.vm, snapshotID: "before-update")).changed)
        #expect(try await !exec.perform(.removeSnapshot(vm: Self.vm, snapshotID: "before-update")).changed)
        #expect(await exec.observe([Self.vm])[Self.vm]?.state?.vm?.snapshots.isEmpty == true)
        do {
            _ = try await exec.perform(.reconfigureCPU(vm: Self.vm, count: 2, coresPerSocket: 1))
            Issue.record("the example cannot reconfigure")
        } catch {
            #expect(error.kind == .unsupported)
            #expect(error.resource == Self.vm)
        }
    }

    @Test("not JSON, another protocol version, a failing exit with stderr: unknown with the reason")
    func badAnswers() async {
        let notJSON = await shell("cat >/dev/null; echo 'Traceback: oops'").observe([Self.vm])[Self.vm]?.error
        #expect(notJSON?.kind == .protocol)
        #expect(notJSON?.message.contains("Traceback: oops") == true)

        let version = await shell(#"cat >/dev/null; echo '{"protocol":"sfreconcile-exec/9","observations":{}}'"#).observe([Self.vm])[Self.vm]?.error
        #expect(version?.kind == .unsupported)

        let failed = await shell("cat >/dev/null; echo 'inventory locked' >&2; exit 3").observe([Self.vm])[Self.vm]?.error
        #expect(failed?.kind == .unavailable)
        #expect(failed?.message.contains("exited with status 3") == true)
        #expect(failed?.message.contains("inventory locked") == true)

        let reported = await shell(#"cat >/dev/null; echo '{"protocol":"sfreconcile-exec/1","error":{"code":"auth","message":"token expired"}}'"#)
            .observe([Self.vm])[Self.vm]?.error
        #expect(reported?.kind == .auth)
        #expect(reported?.message == "token expired")

        let silent = await shell(#"cat >/dev/null; echo '{"protocol":"sfreconcile-exec/1","observations":{}}'"#).observe([Self.vm])[Self.vm]?.error
        #expect(silent?.kind == .protocol)   // a ref left unanswered is unknown, not absent

        let wrongKind = await shell(#"cat >/dev/null; echo '{"protocol":"sfreconcile-exec/1","observations":{"proxmox/vm/starface-pbx":{"status":"present","state":{"kind":"backup-job","name":"x"}}}}'"#)
            .observe([Self.vm])[Self.vm]?.error
        #expect(wrongKind?.kind == .protocol)
    }

    @Test("a program that runs too long or writes too much is stopped")
    func limits() async {
        let slow = await shell("cat >/dev/null; sleep 30", timeout: 1).observe([Self.vm])[Self.vm]?.error
        #expect(slow?.kind == .timeout)

        let chatty = await shell("cat >/dev/null; yes sfreconcile", maxOutput: 4096).observe([Self.vm])[Self.vm]?.error
        #expect(chatty?.kind == .protocol)
        #expect(chatty?.message.contains("more than 4096 bytes") == true)

        let missing = await provider(["/nonexistent/provider"]).observe([Self.vm])[Self.vm]?.error
        #expect(missing?.kind == .configuration)
        let relative = await provider(["provider.py"]).observe([Self.vm])[Self.vm]?.error
        #expect(relative?.kind == .configuration)
    }

    @Test("the request carries the protocol version, the refs and the action's parameters")
    func request() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("request.json").path
        let exec = shell(#"cat > '\#(saved)'; echo '{"protocol":"sfreconcile-exec/1","outcome":{"changed":true,"message":"done"}}'"#)
        let outcome = try await exec.perform(.setReplicationFrequency(replication: Self.replication, seconds: 300))
        #expect(outcome == .changed("done"))
        let request = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any]
        #expect(request?["protocol"] as? String == "sfreconcile-exec/1")
        #expect(request?["operation"] as? String == "perform")
        let action = request?["action"] as? [String: Any]
        #expect(action?["kind"] as? String == "setReplicationFrequency")
        #expect(action?["target"] as? String == "proxmox/replication/starface-pbx")
        #expect(action?["seconds"] as? Int == 300)
    }
}
