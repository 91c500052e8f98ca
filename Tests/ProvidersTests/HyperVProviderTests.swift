import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// The Hyper-V provider against a FAKE WinRM service (Fakes/winrm_fake.py), written from
/// PROVIDERS.md and the documented shell-protocol envelopes, over HTTPS with NTLM checked by
/// pyspnego. The fake's faithfulness is checked with pywinrm as a reference client.
@Suite("Hyper-V provider (fake WinRM service written from PROVIDERS.md)", .serialized)
struct HyperVProviderTests {
    static let contact = ResourceRef.vm("starface-contact", on: "hv-ham")
    static let contactReplication = ResourceRef.replication(of: "starface-contact", on: "hv-ham")
    static let files = ResourceRef.vm("files01", on: "hv-ham")
    static let filesReplication = ResourceRef.replication(of: "files01", on: "hv-ham")
    static let missing = ResourceRef.vm("no-such-vm", on: "hv-ham")

    /// The fake on a free port with a fresh certificate.
    final class Fake {
        let peer: Peer
        let certificate: TestCertificate
        init(_ arguments: [String] = []) throws {
            certificate = try TestCertificate()
            peer = try Peer.fake("winrm_fake.py", ["--cert", certificate.certificate, "--key", certificate.key] + arguments)
        }
        var url: String { "https://localhost:\(peer.port)/wsman" }
        func stop() {
            peer.stop()
            certificate.remove()
        }

        func stats() async throws -> [String: Int] {
            let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: .init(caFile: certificate.certificate),
                                                                               requestTimeout: .seconds(5)))
            let response = try await client.send(HTTPRequest(url: "https://localhost:\(peer.port)/_stats"))
            return (try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
        }
    }

    func provider(_ fake: Fake, url: String? = nil, password: String = "hyperv-secret", timeout: Int = 20,
                  operationTimeout: Int = 5, retry: RetryPolicy = .never) -> HyperVProvider {
        var settings = HyperVSettings()
        settings.endpoint.url = EndpointURL(parsing: url ?? fake.url)!
        settings.endpoint.username = .text("EXAMPLE\\svc-sfreconcile")
        settings.endpoint.password = .environment("TEST_HYPERV_PASSWORD")
        settings.endpoint.tls.caFile = fake.certificate.certificate
        settings.timeout = .seconds(timeout)
        let options = HyperVOptions(operationTimeoutSeconds: operationTimeout, retry: retry,
                                    environment: ["TEST_HYPERV_PASSWORD": password])
        return HyperVProvider(name: "hv-ham", settings: settings, options: options)
    }

    func vm(_ observation: Observation?) -> VMState? {
        if case .present(.vm(let state))? = observation { return state }
        return nil
    }

    func replication(_ observation: Observation?) -> ReplicationState? {
        if case .present(.replication(let state))? = observation { return state }
        return nil
    }

    @Test("observes VMs and their replication in one script, asking again after the receive-timeout fault")
    func observe() async throws {
        let fake = try Fake(["--receive-timeouts", "2"])
        defer { fake.stop() }
        let refs = [Self.contact, Self.contactReplication, Self.files, Self.filesReplication, Self.missing]
        let observations = await provider(fake).observe(refs)

        let contact = try #require(vm(observations[Self.contact]))
        #expect(contact.hypervisor == .hyperv)
        #expect(contact.id == "6f1c2b9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b")
        #expect(contact.powerState == .poweredOn)
        #expect(contact.numCPU == 4)
        #expect(contact.compatibilityForMigration == false)
        #expect(contact.clustered == true)
        #expect(contact.clusterName == "HV-CL-HAM")
        #expect(contact.hostName == "HV-HAM-01")
        // Parents first: the replica recovery point is the root.
        #expect(contact.snapshots.map(\.name) == ["Hyper-V Replica recovery point", "before-update"])
        #expect(contact.snapshots.map(\.type) == ["Replica", "Standard"])
        #expect(contact.snapshots[1].parent == contact.snapshots[0].id)
        #expect(contact.snapshots.allSatisfy { $0.createTime != nil })

        let replicated = try #require(replication(observations[Self.contactReplication]))
        #expect(replicated.mechanism == .hypervReplica)
        #expect(replicated.state == "Replicating")
        #expect(replicated.health == .normal)
        #expect(replicated.rpo == .seconds(300))
        #expect(replicated.replicaServer == "hv-replica-ber.example.com")
        #expect(replicated.primaryServer == "hv-ham-01.example.com")
        #expect(replicated.lastReplication != nil)
        #expect(replicated.ipCustomization == nil)   // Get-VMReplication does not tell: GEO-3 stays unknown

        let files = try #require(vm(observations[Self.files]))
        #expect(files.powerState == .poweredOff)
        #expect(files.clustered == false)
        #expect(files.compatibilityForMigration == true)
        #expect(observations[Self.filesReplication] == .absent)   // the VM exists, it is not replicated
        #expect(observations[Self.missing] == .absent)

        let stats = try await fake.stats()
        #expect(stats["scripts"] == 1)              // one PowerShell run for five refs
        #expect(stats["receive_timeouts"] == 2)
        #expect(stats["creates"] == stats["deletes"])   // every shell deleted
        #expect(stats["signals"] == stats["commands"])
    }

    @Test("a refused NTLM login makes every ref unknown with an auth error, never absent")
    func authFailure() async throws {
        let fake = try Fake()
        defer { fake.stop() }
        let observations = await provider(fake, password: "wrong").observe([Self.contact, Self.contactReplication])
        for ref in [Self.contact, Self.contactReplication] {
            let error = try #require(observations[ref]?.error)
            #expect(error.kind == .auth)
            #expect(error.resource == ref)
            #expect(!error.description.contains("wrong"))
        }
    }

    @Test("plain http:// is refused with advice, without contacting the host")
    func refusesHTTP() async throws {
        let fake = try Fake()
        defer { fake.stop() }
        let observations = await provider(fake, url: "http://localhost:\(fake.peer.port)/wsman").observe([Self.contact])
        let error = try #require(observations[Self.contact]?.error)
        #expect(error.kind == .configuration)
        #expect(error.advice.contains("5986"))
        #expect(try await fake.stats()["creates"] == 0)
    }

    @Test("faults, garbage and a command that never finishes are unknown with the reason")
    func failures() async throws {
        let denied = try Fake(["--deny"])
        defer { denied.stop() }
        let deniedError = try #require(await provider(denied).observe([Self.contact])[Self.contact]?.error)
        #expect(deniedError.kind == .permission)
        #expect(deniedError.message.contains("Access is denied"))
        #expect(try await denied.stats()["deletes"] == 1)   // the shell is deleted after the fault

        let garbage = try Fake(["--garbage"])
        defer { garbage.stop() }
        let garbageError = try #require(await provider(garbage).observe([Self.contact])[Self.contact]?.error)
        #expect(garbageError.kind == .protocol)

        let hang = try Fake(["--hang"])
        defer { hang.stop() }
        let hangError = try #require(await provider(hang, timeout: 2, operationTimeout: 1, retry: .standard)
            .observe([Self.contact])[Self.contact]?.error)
        #expect(hangError.kind == .timeout)
        let hangStats = try await hang.stats()
        #expect(hangStats["commands"] == 1)   // a script past its timeout is not run again
        #expect(hangStats["signals"] == 1)    // the command is told to stop
    }

    @Test("removes a checkpoint idempotently, never a Replica recovery point; PowerShell errors arrive decoded from CLIXML")
    func removeCheckpoint() async throws {
        let fake = try Fake()
        defer { fake.stop() }
        let hyperv = provider(fake)
        let before = try #require(vm(await hyperv.observe([Self.contact])[Self.contact]))
        let standard = try #require(before.snapshots.first { $0.type == "Standard" })
        let replica = try #require(before.snapshots.first { $0.type == "Replica" })

        let removed = try await hyperv.perform(.removeSnapshot(vm: Self.contact, snapshotID: standard.id))
        #expect(removed.changed)
        let again = try await hyperv.perform(.removeSnapshot(vm: Self.contact, snapshotID: standard.id))
        #expect(!again.changed)

        await #expect(throws: ProviderError.self) {
            try await hyperv.perform(.removeSnapshot(vm: Self.contact, snapshotID: replica.id))
        }
        do {
            _ = try await hyperv.perform(.removeSnapshot(vm: Self.contact, snapshotID: replica.id))
        } catch {
            #expect(error.kind == .precondition)
        }
        let after = try #require(vm(await hyperv.observe([Self.contact])[Self.contact]))
        #expect(after.snapshots.map(\.id) == [replica.id])

        do {
            _ = try await hyperv.perform(.setReplicationFrequency(replication: .replication(of: "ghost", on: "hv-ham"), seconds: 300))
            Issue.record("a missing VM must fail")
        } catch {
            #expect(error.message.contains("unable to find a virtual machine with name \"ghost\""))
            #expect(!error.message.contains("_x000D_"))
            #expect(!error.message.contains("CLIXML"))
        }
    }

    @Test("sets the replication frequency to 30, 300 or 900 s only, and enables replication once")
    func replicationActions() async throws {
        let fake = try Fake(["--frequency", "900"])
        defer { fake.stop() }
        let hyperv = provider(fake)
        #expect(try await hyperv.perform(.setReplicationFrequency(replication: Self.contactReplication, seconds: 300)).changed)
        #expect(try await !hyperv.perform(.setReplicationFrequency(replication: Self.contactReplication, seconds: 300)).changed)
        #expect(replication(await hyperv.observe([Self.contactReplication])[Self.contactReplication])?.rpo == .seconds(300))
        do {
            _ = try await hyperv.perform(.setReplicationFrequency(replication: Self.contactReplication, seconds: 600))
            Issue.record("600 s is not a Hyper-V Replica frequency")
        } catch {
            #expect(error.kind == .precondition)
        }

        let enabled = try await hyperv.perform(.enableReplication(replication: Self.filesReplication,
                                                                   replicaServer: "hv-replica-ber.example.com", seconds: 30))
        #expect(enabled.changed)
        let state = try #require(replication(await hyperv.observe([Self.filesReplication])[Self.filesReplication]))
        #expect(state.replicaServer == "hv-replica-ber.example.com")
        #expect(state.rpo == .seconds(30))
        #expect(try await !hyperv.perform(.enableReplication(replication: Self.contactReplication, replicaServer: nil, seconds: nil)).changed)
    }

    @Test("the fake is faithful: pywinrm, a reference WinRM client, runs commands and scripts against it")
    func pywinrmReference() async throws {
        let fake = try Fake(["--receive-timeouts", "1"])
        defer { fake.stop() }
        let script = """
            import json, sys, winrm
            s = winrm.Session(sys.argv[1], auth=("EXAMPLE\\\\svc-sfreconcile", "hyperv-secret"), transport="ntlm",
                              server_cert_validation="ignore")
            r = s.run_cmd("hostname")
            print("hostname", r.status_code, r.std_out.decode().strip())
            r = s.run_ps("# sfreconcile:observe\\n$p = ConvertFrom-Json '{\\"vms\\":[\\"starface-contact\\"]}'\\n")
            print("observe", r.status_code, json.loads(r.std_out)[0]["processor"]["count"])
            r = s.run_ps("Get-Nothing")
            print("error", r.status_code, r.std_err.decode().splitlines()[0])
            bad = winrm.Session(sys.argv[1], auth=("EXAMPLE\\\\svc-sfreconcile", "wrong"), transport="ntlm", server_cert_validation="ignore")
            try:
                bad.run_cmd("hostname")
                print("bad accepted")
            except winrm.exceptions.InvalidCredentialsError:
                print("bad refused")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: RepositoryPaths.which("python3") ?? "/usr/bin/python3")
        python.arguments = ["-c", script, fake.url]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = FileHandle.standardError
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(python.terminationStatus == 0, "pywinrm missing? run scripts/peers/install.sh")
        #expect(lines == [
            "hostname 0 HV-HAM-01",
            "observe 0 4",
            "error 1 Get-Nothing : The term 'Get-Nothing' is not recognized as the name of a cmdlet, function, script file, or operable program.",
            "bad refused",
        ])
    }
}
