import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// The SRM provider against a FAKE SRM REST API gateway written from PROVIDERS.md and the
/// gateway's REST reference (Fakes/srm_rest_fake.py).
@Suite("SRM provider (fake REST gateway written from PROVIDERS.md)", .serialized)
struct SRMProviderTests {
    static let pbx = ResourceRef.replication(of: "starface-pbx01", on: "srm-muc")
    static let exchange = ResourceRef.replication(of: "exchange01", on: "srm-muc")
    static let unprotected = ResourceRef.replication(of: "files01", on: "srm-muc")

    func provider(_ fake: Peer, password: String = "srm-secret", timeout: Int = 10, pageSize: Int = 100) -> SRMProvider {
        var settings = SRMSettings()
        settings.endpoint.url = EndpointURL(parsing: fake.baseURL)!
        settings.endpoint.username = .text("svc-sfreconcile@vsphere.local")
        settings.endpoint.password = .environment("TEST_SRM_PASSWORD")
        settings.timeout = .seconds(timeout)
        return SRMProvider(name: "srm-muc", settings: settings,
                           options: SRMOptions(pageSize: pageSize, retry: .never, environment: ["TEST_SRM_PASSWORD": password]))
    }

    func replication(_ observation: Observation?) -> ReplicationState? {
        if case .present(.replication(let state))? = observation { return state }
        return nil
    }

    @Test("finds each VM's protection group, RPO, last sync and recovery plan across every page")
    func observe() async throws {
        let fake = try Peer.fake("srm_rest_fake.py", ["--max-page", "2"])
        defer { fake.stop() }
        let srm = provider(fake, pageSize: 3)
        let observations = await srm.observe([Self.pbx, Self.exchange, Self.unprotected])
        let pbx = try #require(replication(observations[Self.pbx]))
        #expect(pbx.mechanism == .srm)
        #expect(pbx.state == "OK")
        #expect(pbx.health == .normal)
        #expect(pbx.protectionGroup == "pg-starface")
        #expect(pbx.rpo == .minutes(15))
        #expect(pbx.lastReplication != nil)
        #expect(pbx.recoveryPlan == "rp-starface")
        #expect(pbx.recoveryPlanState == "READY_STATE")
        #expect(pbx.replicaVM == "starface-pbx01")
        #expect(pbx.ipCustomization == false)

        let exchange = try #require(replication(observations[Self.exchange]))
        #expect(exchange.health == .critical)
        #expect(exchange.protectionGroup == "pg-exchange")
        #expect(observations[Self.unprotected] == .absent)

        let stats = try await fake.stats()
        #expect(stats["groups_pages"] == 4)   // 7 groups, 2 per page
        #expect(stats["logins"] == 1)
        await srm.close()
        #expect(try await fake.stats()["logouts"] == 1)
    }

    @Test("GEO-3: a re-IP in the recovery plan is reported; a gateway without recovery settings leaves it unknown")
    func ipCustomization() async throws {
        let reip = try Peer.fake("srm_rest_fake.py", ["--reip"])
        defer { reip.stop() }
        #expect(replication(await provider(reip).observe([Self.pbx])[Self.pbx])?.ipCustomization == true)

        let old = try Peer.fake("srm_rest_fake.py", ["--no-recovery-settings"])
        defer { old.stop() }
        let state = try #require(replication(await provider(old).observe([Self.pbx])[Self.pbx]))
        #expect(state.ipCustomization == nil)
        #expect(state.protectionGroup == "pg-starface")
    }

    @Test("an expired session logs in again once")
    func relogin() async throws {
        let fake = try Peer.fake("srm_rest_fake.py", ["--expire-after", "3"])
        defer { fake.stop() }
        let state = replication(await provider(fake).observe([Self.pbx])[Self.pbx])
        #expect(state?.protectionGroup == "pg-starface")
        #expect(try await fake.stats()["logins"]! >= 2)
    }

    @Test("auth failure, server errors, garbage and timeouts are unknown with the reason, never absent")
    func failures() async throws {
        let fake = try Peer.fake("srm_rest_fake.py")
        defer { fake.stop() }
        let auth = try #require(await provider(fake, password: "wrong").observe([Self.pbx])[Self.pbx]?.error)
        #expect(auth.kind == .auth)
        #expect(!auth.description.contains("wrong"))

        let broken = try Peer.fake("srm_rest_fake.py", ["--groups-status", "500"])
        defer { broken.stop() }
        let server = await provider(broken).observe([Self.pbx, Self.unprotected])
        #expect(server[Self.unprotected]?.error != nil)
        #expect(server[Self.pbx]?.error?.message.contains("inventory service unavailable") == true)

        let garbage = try Peer.fake("srm_rest_fake.py", ["--garbage"])
        defer { garbage.stop() }
        #expect(await provider(garbage).observe([Self.pbx])[Self.pbx]?.error?.kind == .protocol)

        let slow = try Peer.fake("srm_rest_fake.py", ["--slow", "5"])
        defer { slow.stop() }
        #expect(await provider(slow, timeout: 1).observe([Self.pbx])[Self.pbx]?.error?.kind == .timeout)
    }

    @Test("observes only: actions are refused as unsupported")
    func performRefused() async throws {
        let fake = try Peer.fake("srm_rest_fake.py")
        defer { fake.stop() }
        await #expect(throws: ProviderError.self) {
            try await provider(fake).perform(.enableReplication(replication: Self.pbx, replicaServer: nil, seconds: nil))
        }
    }
}
