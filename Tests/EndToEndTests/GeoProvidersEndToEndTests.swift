import Foundation
import Testing
import TestSupport

/// `sfreconcile observe`, then `plan --observed`, for the company example with its Hyper-V
/// and SRM providers pointed at the FAKE WinRM service and the FAKE SRM REST gateway
/// (Tests/ProvidersTests/Fakes, written from PROVIDERS.md), and for the exec example with its
/// example provider program. The other providers of the company example are not reachable
/// here and stay unknown.
@Suite("observe and plan with Hyper-V, SRM and exec providers (fakes written from PROVIDERS.md)", .serialized)
struct GeoProvidersEndToEndTests {
    /// A folder for one test's spec, secrets and estate.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-geo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func replacing(_ text: String, _ pairs: [(String, String)]) throws -> String {
        var text = text
        for (old, new) in pairs {
            guard text.contains(old) else { throw PeerError("the example no longer contains \(old)") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// Runs observe then plan (JSON) on the spec in `folder`; returns the plan.
    static func observeAndPlan(_ folder: URL, environment: [String: String]) throws -> [String: Any] {
        let observed = try CommandRunner.sfreconcile(["observe", folder.appendingPathComponent("spec").path], environment: environment)
        #expect(observed.status == 0, "\(observed.stderr)")
        let estateFile = folder.appendingPathComponent("observed.json")
        try Data(observed.stdout.utf8).write(to: estateFile)
        let planned = try CommandRunner.sfreconcile(["plan", folder.appendingPathComponent("spec").path, "--observed", estateFile.path,
                                                     "--format", "json", "--allow-incomplete"], environment: environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(planned.stdout.utf8)) as? [String: Any])
    }

    static func findings(_ plan: [String: Any], instance: String, rule: String) -> [[String: Any]] {
        (plan["findings"] as? [[String: Any]] ?? []).filter { $0["instance"] as? String == instance && $0["rule"] as? String == rule }
    }

    static func scenario(_ plan: [String: Any], instance: String, _ name: String) -> [String: Any]? {
        (plan["scenarios"] as? [[String: Any]] ?? []).first { $0["instance"] as? String == instance && $0["scenario"] as? String == name }
    }

    @Test("the company example's SRM site and Hyper-V Replica site show up with their GEO findings and scenario rows")
    func company() throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let winrm = try Peer.fake("winrm_fake.py", ["--cert", certificate.certificate, "--key", certificate.key, "--frequency", "900"])
        defer { winrm.stop() }
        let srm = try Peer.fake("srm_rest_fake.py")
        defer { srm.stop() }
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
        let passwordFile = folder.appendingPathComponent("hyperv-password")
        try Data("hyperv-secret".utf8).write(to: passwordFile)
        let example = try String(contentsOf: RepositoryPaths.examples.appendingPathComponent("company/redundancy.yaml"), encoding: .utf8)
        let text = try Self.replacing(example, [
            ("url: https://srm-muc.example.com\n    username: svc-sfreconcile@vsphere.local\n    password: ${env:SRM_PASSWORD}\n    tls: { caFile: /etc/sfreconcile/ca.pem }",
             "url: http://127.0.0.1:\(srm.port)\n    username: svc-sfreconcile@vsphere.local\n    password: ${env:SRM_PASSWORD}"),
            ("url: https://hv-cluster-ham.example.com:5986/wsman", "url: https://localhost:\(winrm.port)/wsman"),
            ("password: ${file:/etc/sfreconcile/hyperv-password}\n    tls: { caFile: /etc/sfreconcile/ca.pem }",
             "password: ${file:\(passwordFile.path)}\n    tls: { caFile: \(certificate.certificate) }"),
        ])
        try Data(text.utf8).write(to: spec.appendingPathComponent("redundancy.yaml"))
        let plan = try Self.observeAndPlan(folder, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                                                 "SRM_PASSWORD": "srm-secret"])

        // pbx-main: SRM protection group pg-starface, plan rp-starface ready, RPO 15 min, no re-IP.
        let mainGeo1 = Self.findings(plan, instance: "pbx-main", rule: "GEO-1")
        #expect(mainGeo1.map { $0["status"] as? String } == ["satisfied"])
        #expect(mainGeo1.first?["address"] as? String == "srm-muc/replication/starface-pbx01")
        let mainGeo2 = Self.findings(plan, instance: "pbx-main", rule: "GEO-2")
        #expect(Set(mainGeo2.compactMap { $0["status"] as? String }) == ["satisfied"])
        #expect(Self.findings(plan, instance: "pbx-main", rule: "GEO-3").map { $0["status"] as? String } == ["satisfied"])

        // pbx-contact: Hyper-V Replica to hv-replica-ber, healthy, but every 15 min where the spec asks 5 min.
        let contactGeo1 = Self.findings(plan, instance: "pbx-contact", rule: "GEO-1")
        #expect(contactGeo1.map { $0["status"] as? String } == ["satisfied"])
        #expect(contactGeo1.first?["address"] as? String == "hv-ham/replication/starface-contact")
        let frequency = Self.findings(plan, instance: "pbx-contact", rule: "GEO-2").first { ($0["check"] as? String)?.hasSuffix("frequency") == true }
        #expect(frequency?["status"] as? String == "violated")
        #expect(frequency?["remedy"] as? String == "action")
        let actions = plan["actions"] as? [[String: Any]] ?? []
        #expect(actions.contains { $0["kind"] as? String == "setReplicationFrequency" && $0["target"] as? String == "hv-ham/replication/starface-contact" })
        // LOC-2 and HWID facts come from the same observation of the live VM.
        #expect(Self.findings(plan, instance: "pbx-contact", rule: "LOC-2").first?["status"] as? String == "satisfied")
        // SNP-1 sees the 5-day-old Standard checkpoint; the Replica recovery point is never proposed for deletion.
        #expect(!actions.contains { ($0["target"] as? String)?.contains("a1b2c3d4-0000-4000-8000-000000000001") == true })

        // Scenario rows: a failure of muc fails over to ham via SRM; of ham, to ber via Hyper-V Replica.
        let mainSite = try #require(Self.scenario(plan, instance: "pbx-main", "site:muc"))
        #expect((mainSite["mechanism"] as? String)?.contains("srm-muc") == true)
        let contactSite = try #require(Self.scenario(plan, instance: "pbx-contact", "site:ham"))
        #expect((contactSite["mechanism"] as? String)?.contains("hv-ham") == true)
        #expect(contactSite["rpo_seconds"] as? Int == 900)

        // Nothing from these two providers is incomplete.
        let incomplete = (plan["incomplete"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String ?? $0["provider"] as? String }
        #expect(!incomplete.contains { $0.hasPrefix("hv-ham") || $0.hasPrefix("srm-muc") }, "\(incomplete)")
    }

    @Test("the exec example provider works end to end in observe and plan")
    func execExample() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
        let inventory = folder.appendingPathComponent("inventory.json")
        try FileManager.default.copyItem(at: RepositoryPaths.examples.appendingPathComponent("exec/inventory.json"), to: inventory)
        let python = RepositoryPaths.which("python3") ?? "/usr/bin/python3"
        let example = try String(contentsOf: RepositoryPaths.examples.appendingPathComponent("exec/redundancy.yaml"), encoding: .utf8)
        let text = try Self.replacing(example, [
            ("[/usr/bin/python3, /etc/sfreconcile/inventory-provider.py, --inventory, /var/lib/sfreconcile/inventory.json]",
             "[\(python), \(RepositoryPaths.examples.appendingPathComponent("exec/inventory-provider.py").path), --inventory, \(inventory.path)]"),
        ])
        try Data(text.utf8).write(to: spec.appendingPathComponent("redundancy.yaml"))
        let plan = try Self.observeAndPlan(folder, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])

        #expect(Self.findings(plan, instance: "pbx", rule: "GEO-1").map { $0["status"] as? String } == ["satisfied"])
        #expect(Self.findings(plan, instance: "pbx", rule: "GEO-3").map { $0["status"] as? String } == ["satisfied"])
        // The inventory's snapshot is from January: SNP-1 proposes deleting it.
        let snp1 = Self.findings(plan, instance: "pbx", rule: "SNP-1")
        #expect(snp1.contains { $0["status"] as? String == "violated" })
        let site = try #require(Self.scenario(plan, instance: "pbx", "site:office"))
        #expect((site["mechanism"] as? String)?.contains("proxmox") == true)
        let incomplete = (plan["incomplete"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String ?? $0["provider"] as? String }
        #expect(!incomplete.contains { $0.hasPrefix("proxmox") }, "\(incomplete)")
    }
}
