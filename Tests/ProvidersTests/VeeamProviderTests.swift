import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// The Veeam provider against a fake of the VBR REST API written from PROVIDERS.md
/// (Fakes/veeam_rest_fake.py).
@Suite("Veeam provider (fake REST API written from PROVIDERS.md)", .serialized)
struct VeeamProviderTests {
    static let starfaceJob = ResourceRef.backupJob("STARFACE VM", on: "veeam")

    func provider(_ fake: Peer, password: String = "veeam-secret", timeout: Int = 10, pageSize: Int = 200,
                  retry: RetryPolicy = .never) -> VeeamProvider {
        var settings = VeeamSettings()
        settings.endpoint.url = EndpointURL(parsing: fake.baseURL)!
        settings.endpoint.username = .text("svc-sfreconcile")
        settings.endpoint.password = .environment("TEST_VEEAM_PASSWORD")
        settings.apiVersion = "1.1-rev2"
        settings.timeout = .seconds(timeout)
        let options = VeeamOptions(pageSize: pageSize, retry: retry, environment: ["TEST_VEEAM_PASSWORD": password])
        return VeeamProvider(name: "veeam", settings: settings, options: options)
    }

    func job(_ observation: Observation?) -> BackupJobState? {
        if case .present(.backupJob(let state))? = observation { return state }
        return nil
    }

    static func date(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test("reads jobs and job states across every page, even when the server caps pages below the limit")
    func paging() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--filler", "10", "--max-page", "3"])
        defer { fake.stop() }
        let veeam = provider(fake, pageSize: 5)
        let refs = ["STARFACE VM", "Exchange", "File server", "Filler 009", "Missing job"].map { ResourceRef.backupJob($0, on: "veeam") }
        let observations = await veeam.observe(refs)
        #expect(job(observations[refs[3]])?.name == "Filler 009")   // on the last page
        #expect(observations[refs[4]] == .absent)
        let stats = try await fake.stats()
        #expect(stats["jobs_pages"] == 5)     // 14 jobs, 3 per page
        #expect(stats["states_pages"] == 5)
        #expect(stats["missing_api_version"] == 0)
        #expect(stats["logins"] == 1)
    }

    @Test("maps a job: mode, interval, VMs, last run and result, last success from sessions, next run")
    func mapping() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py")
        defer { fake.stop() }
        let refs = ["STARFACE VM", "Exchange", "File server", "Old job"].map { ResourceRef.backupJob($0, on: "veeam") }
        let observations = await provider(fake).observe(refs)
        let starface = try #require(job(observations[refs[0]]))
        #expect(starface.id == "4d1f3ab7-0b52-4c3e-9d1e-5f3c2a1b0001")
        #expect(starface.mode == .reverseIncremental)
        #expect(starface.enabled == true)
        #expect(starface.interval == .days(1))
        #expect(starface.vms == ["starface-pbx01"])
        #expect(starface.lastResult == .failed)
        #expect(starface.lastRun == Self.date("2026-11-24T22:00:05.1234567+01:00"))
        #expect(starface.lastSuccess == Self.date("2026-11-23T22:31:10+01:00"))   // newest successful session, not the failed one
        #expect(starface.nextRun == Self.date("2026-11-25T22:00:00+01:00"))

        let exchange = try #require(job(observations[refs[1]]))
        #expect(exchange.mode == .forwardIncremental)
        #expect(exchange.interval == .hours(4))
        #expect(exchange.vms == ["exchange01"])
        #expect(exchange.lastResult == .success)
        #expect(exchange.lastSuccess == Self.date("2026-11-25T08:40:00+01:00"))

        let files = try #require(job(observations[refs[2]]))
        #expect(files.mode == .foreverForwardIncremental)
        #expect(files.interval == .days(4))   // Monday and Thursday: the longest gap is Thursday to Monday

        let old = try #require(job(observations[refs[3]]))
        #expect(old.enabled == false)
        #expect(old.interval == nil)           // not scheduled
        #expect(old.mode == BackupJobMode(rawValue: "full"))
        #expect(old.lastSuccess == nil)
    }

    @Test("reuses the token; after a 401 it refreshes the token instead of logging in again")
    func tokens() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--expire-after", "3"])
        defer { fake.stop() }
        let veeam = provider(fake)
        for _ in 0..<3 {
            #expect(job(await veeam.observe([Self.starfaceJob])[Self.starfaceJob]) != nil)
        }
        let stats = try await fake.stats()
        #expect(stats["logins"] == 1)
        #expect((stats["refreshes"] ?? 0) >= 1)
        #expect((stats["unauthorized"] ?? 0) >= 1)
        let counted = await veeam.tokenRequests()
        #expect(counted.logins == 1 && counted.refreshes == stats["refreshes"])
        await veeam.close()
        #expect(try await fake.stats()["logouts"] == 1)
    }

    @Test("bad credentials: unknown with an auth reason")
    func badCredentials() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py")
        defer { fake.stop() }
        let error = try #require(await provider(fake, password: "wrong").observe([Self.starfaceJob])[Self.starfaceJob]?.error)
        #expect(error.kind == .auth)
        #expect(error.message.contains("refused the login"))
        #expect(!error.description.contains("wrong"))
    }

    @Test("HTTP 500 on the job list: unknown, naming the status")
    func serverError() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--jobs-status", "500"])
        defer { fake.stop() }
        let error = try #require(await provider(fake).observe([Self.starfaceJob])[Self.starfaceJob]?.error)
        #expect(error.kind == .protocol)
        #expect(error.message.contains("HTTP 500"))
    }

    @Test("HTTP 503 from the token endpoint: unknown as unavailable")
    func tokenUnavailable() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--token-status", "503"])
        defer { fake.stop() }
        let error = try #require(await provider(fake).observe([Self.starfaceJob])[Self.starfaceJob]?.error)
        #expect(error.kind == .unavailable)
    }

    @Test("a server that does not answer in time: unknown as a timeout")
    func timeout() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--slow", "60"])
        defer { fake.stop() }
        let started = ContinuousClock.now
        let error = try #require(await provider(fake, timeout: 1).observe([Self.starfaceJob])[Self.starfaceJob]?.error)
        #expect(error.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("answers that are not the documented JSON: unknown as a protocol error", arguments: ["jobs", "token"])
    func garbage(_ where: String) async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--garbage", `where`])
        defer { fake.stop() }
        let error = try #require(await provider(fake).observe([Self.starfaceJob])[Self.starfaceJob]?.error)
        #expect(error.kind == .protocol)
        #expect(error.message.contains("did not answer with the documented JSON"))
    }

    @Test("starts a job; starting it again while it runs changes nothing")
    func startJob() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py")
        defer { fake.stop() }
        let veeam = provider(fake)
        #expect(veeam.capabilities.canPerform(.startBackupJob))
        let first = try await veeam.perform(.startBackupJob(job: Self.starfaceJob))
        #expect(first.changed)
        #expect(first.message.contains("started the Veeam job \"STARFACE VM\""))
        let second = try await veeam.perform(.startBackupJob(job: Self.starfaceJob))
        #expect(!second.changed)
        #expect(second.message.contains("already running"))
        #expect(try await fake.stats()["starts"] == 1)
    }

    @Test("a job that is already running is not started again")
    func alreadyRunning() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py", ["--running"])
        defer { fake.stop() }
        #expect(try await provider(fake).perform(.startBackupJob(job: Self.starfaceJob)).changed == false)
        #expect(try await fake.stats()["starts"] == 0)
    }

    @Test("starting a missing or disabled job is a typed error")
    func startRefused() async throws {
        let fake = try Peer.fake("veeam_rest_fake.py")
        defer { fake.stop() }
        let veeam = provider(fake)
        let missing = try await #require(throws: ProviderError.self) {
            try await veeam.perform(.startBackupJob(job: .backupJob("Nope", on: "veeam")))
        }
        #expect(missing.kind == .notFound)
        let disabled = try await #require(throws: ProviderError.self) {
            try await veeam.perform(.startBackupJob(job: .backupJob("Old job", on: "veeam")))
        }
        #expect(disabled.kind == .precondition)
        let wrong = try await #require(throws: ProviderError.self) {
            try await veeam.perform(.removeSnapshot(vm: .vm("x", on: "veeam"), snapshotID: "1"))
        }
        #expect(wrong.kind == .unsupported)
    }
}
