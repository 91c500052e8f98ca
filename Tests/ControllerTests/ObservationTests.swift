import Controller
import Foundation
import Providers
import Spec
import Testing

/// What `observe` asks about, and how the answers become one estate.
@Suite("Observation of a spec's estate")
struct ObservationTests {
    static let yaml = """
        apiVersion: sfreconcile/v1
        sites: { muc: {}, ham: {}, ber: {} }
        providers:
          vc-muc: { type: vsphere, url: https://vc-muc.example.com/sdk, username: svc, password: "${env:VC_PW}", site: muc }
          vc-ham: { type: vsphere, url: https://vc-ham.example.com/sdk, username: svc, password: "${env:VC_PW}", site: ham }
          srm-muc: { type: srm, url: https://srm.example.com, username: svc, password: "${env:SRM_PW}", site: muc }
          pbx-live: { type: starface, url: https://pbx.example.com, loginId: "0001", password: "${env:PBX_PW}", site: muc }
          pbx-standby: { type: starface, url: https://standby.example.com, loginId: "0001", password: "${env:PBX_PW}", site: ber }
          s3-offsite: { type: s3, endpoint: https://s3.example.net, region: eu-central-1, bucket: b, accessKey: k, secretKey: "${env:S3}", site: ber }
          veeam: { type: veeam, url: https://veeam.example.com:9419, username: svc, password: "${env:VEEAM_PW}", site: muc }
        instances:
          pbx-main:
            live: { site: muc, platform: vm, vm: { provider: vc-muc, name: starface-pbx01 }, starface: pbx-live }
            geo:
              - { site: ham, via: { provider: srm-muc, protectionGroup: pg-starface }, rpo: 15m }
            platform:
              - { name: standby, site: ber, platform: appliance, starface: pbx-standby }
            backups:
              starface: { target: s3-offsite, prefix: pbx-main/, interval: 24h }
              vm: { provider: veeam, job: STARFACE VM, interval: 24h }
        """

    static func spec() throws -> Spec {
        let loaded = SpecLoader().load([SpecSourceFile(path: "spec.yaml", bytes: Array(yaml.utf8))])
        guard loaded.isValid else { throw LoadError(diagnostics: loaded.diagnostics.map(\.message)) }
        return loaded.spec
    }

    struct LoadError: Error { var diagnostics: [String] }

    @Test("every resource the spec references, each once")
    func targets() throws {
        let refs = ObservationTargets.targets(in: try Self.spec()).map(\.description)
        #expect(refs == [
            "pbx-live/starface/system",
            "pbx-standby/starface/system",
            "s3-offsite/backups/pbx-main/",
            "srm-muc/replication/starface-pbx01",
            "vc-ham/vm/starface-pbx01",          // the SRM placeholder at the replica's site
            "vc-muc/vm/starface-pbx01",
            "veeam/backup-job/STARFACE VM",
        ])
    }

    @Test("providers missing their secrets give unknown with the reason, never absent")
    func unsupported() async throws {
        let spec = try Self.spec()
        let registry = ProviderRegistry(spec: spec, factory: ProviderFactory(environment: [:]))
        let observer = EstateObserver(registry: registry, now: { Date(timeIntervalSince1970: 1_795_612_345) })
        let estate = await observer.observe(ObservationTargets.targets(in: spec).filter { $0.kind != .vm })
        #expect(estate.resources.count == 5)
        for (ref, observation) in estate.resources {
            let error = try #require(observation.error, "\(ref) should be unknown")
            // The environment holds none of the secrets the providers need.
            #expect(error.message.contains("is not set"), "\(ref): \(error.message)")
            #expect(error.kind == .configuration)
            #expect(error.resource == ref)
        }
        #expect(estate.providers["srm-muc"]?.state == .down)
        #expect(estate.observedAt == Date(timeIntervalSince1970: 1_795_612_345))
    }

    @Test("providers are observed concurrently and each answers for its own resources")
    func concurrent() async throws {
        let gauge = Gauge()
        let slow = ["a", "b", "c"].map { SlowProvider(name: $0, delay: .milliseconds(200), gauge: gauge) }
        let observer = EstateObserver(registry: ProviderRegistry(slow))
        let refs = ["a", "b", "c"].flatMap { provider in (0..<3).map { ResourceRef.vm("vm\($0)", on: provider) } }
            + [.vm("x", on: "undefined")]
        let estate = await observer.observe(refs)
        #expect(await gauge.peak == 3)
        #expect(estate.resources.count == 10)
        #expect(estate.resources[.vm("vm1", on: "b")] == .absent)
        #expect(estate.resources[.vm("vm2", on: "c")]?.error?.kind == .protocol)   // the provider skipped it
        #expect(estate.resources[.vm("x", on: "undefined")]?.error?.kind == .configuration)
        #expect(estate.providers["a"]?.resources == 3)
        #expect(estate.providers["a"]?.durationMS ?? 0 >= 200)
        #expect(await slow[0].closed.value)
    }
}

/// A provider that answers `absent` for everything but `vm2`, after a delay.
struct SlowProvider: Provider {
    let name: String
    let delay: Duration
    let gauge: Gauge
    let closed = Flag()
    var type: ProviderSettings.Kind { .exec }
    var capabilities: ProviderCapabilities { ProviderCapabilities() }

    func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        await gauge.enter()
        // Stay inside until every provider has entered (or a generous deadline passed).
        let deadline = ContinuousClock.now + .seconds(20)
        while await gauge.current < 3, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        try? await Task.sleep(for: delay)
        await gauge.leave()
        return Dictionary(uniqueKeysWithValues: refs.filter { $0.name != "vm2" }.map { ($0, Observation.absent) })
    }

    func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        throw ProviderError(.unsupported, "no")
    }

    func close() async { await closed.set() }
}

actor Gauge {
    private(set) var current = 0
    private(set) var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}

actor Flag {
    private(set) var value = false
    func set() { value = true }
}
