import Controller
import Foundation
import TestSupport
import Testing

/// A vCenter simulator (`VCSim`, the harness of Tests/Support/vcsim) prepared with work for
/// `apply`, a spec pointing at it, and a fresh state directory:
///
/// - live VM `DC0_C0_RP0_VM0` (1 vCPU, 1 per socket) with a snapshot `old` 30 days old (SNP-1:
///   delete it);
/// - geo replica VM `DC0_H0_VM0` at site b, powered off, 2 vCPUs 2 per socket (HWID-1:
///   reconfigure it, guarded by an SNP-2 snapshot). Its SRM replication cannot be observed (no
///   SRM peer), so plans are incomplete and applies use --allow-incomplete.
final class ApplyScenario {
    let directory: URL
    let specDirectory: URL
    let stateDirectory: URL
    let url: String
    private let vcsim: VCSim

    static let liveVM = "DC0_C0_RP0_VM0"
    static let replicaVM = "DC0_H0_VM0"
    static let stale = "old"

    init(reconfigureApproval: String = "auto") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-apply-e2e-\(UUID().uuidString)")
        specDirectory = directory.appendingPathComponent("spec")
        stateDirectory = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        vcsim = try VCSim(vms: 1, startUp: ["-power-off", Self.replicaVM, "-cpu", "\(Self.replicaVM)=2x2",
                                            "-snapshot", "\(Self.liveVM)=\(Self.stale)@720h"])
        url = vcsim.url
        let spec = """
            apiVersion: sfreconcile/v1
            sites: { a: {}, b: {} }
            providers:
              vc: { type: vsphere, url: "\(url)", username: sfreconcile, password: "${env:VC_PASSWORD}", site: a }
              vc-b: { type: vsphere, url: "\(url)", username: sfreconcile, password: "${env:VC_PASSWORD}", site: b }
              srm: { type: srm, url: "https://127.0.0.1:9", username: svc, password: "${env:VC_PASSWORD}", site: a }
            instances:
              pbx:
                live: { site: a, platform: vm, vm: { provider: vc, name: \(Self.liveVM) } }
                geo:
                  - { site: b, via: { provider: srm, protectionGroup: pg, vm: \(Self.replicaVM) }, rpo: 15m }
                snapshots: { maxAge: 72h }
            policy:
              actions: { reconfigureStandbyCpu: \(reconfigureApproval) }
              maintenanceWindows:
                - { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }
            """
        try spec.write(to: specDirectory.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
    }

    deinit {
        vcsim.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var environment: [String: String] {
        ["VC_PASSWORD": "any", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
    }

    /// `sfreconcile ARGS` with the spec and the state directory; killed with SIGKILL after
    /// `killAfter`, or by itself at journal checkpoint `killAt`.
    func run(_ arguments: [String], killAt: Int? = nil, killAfter: Duration? = nil) throws -> CommandOutcome {
        var environment = self.environment
        if let killAt { environment["SFRECONCILE_TEST_KILL_AT"] = String(killAt) }
        let process = Process()
        process.executableURL = RepositoryPaths.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let killer = DispatchSource.makeTimerSource()
        if let killAfter {
            let (seconds, attoseconds) = killAfter.components
            killer.schedule(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
        } else {
            killer.schedule(deadline: .now() + 120)   // a hung apply fails the test instead of hanging it
        }
        killer.setEventHandler { kill(pid, SIGKILL) }
        killer.resume()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        return CommandOutcome(killed: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
                              status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                              stderr: String(decoding: errData, as: UTF8.self))
    }

    func apply(_ extra: [String] = [], killAt: Int? = nil, killAfter: Duration? = nil) throws -> CommandOutcome {
        try run(["apply", specDirectory.path, "--state-dir", stateDirectory.path, "--allow-incomplete"] + extra,
                killAt: killAt, killAfter: killAfter)
    }

    /// What vcsim holds now, through `sfreconcile observe`.
    func observe() throws -> (live: [String: Any], replica: [String: Any]) {
        let result = try run(["observe", specDirectory.path])
        guard result.status == 0, let estate = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let resources = estate["resources"] as? [String: [String: Any]],
              let live = resources["vc/vm/\(Self.liveVM)"]?["state"] as? [String: Any],
              let replica = resources["vc-b/vm/\(Self.replicaVM)"]?["state"] as? [String: Any] else {
            throw ScenarioError("observe failed: \(result.stderr)")
        }
        return (live, replica)
    }

    static func snapshotNames(_ vm: [String: Any]) -> [String] {
        ((vm["snapshots"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
    }

    func store() throws -> StateStore { try StateStore(directory: stateDirectory.path, create: false) }
}

/// What a run of the binary did.
struct CommandOutcome {
    var killed: Bool
    var status: Int32
    var stdout: String
    var stderr: String
}

struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
