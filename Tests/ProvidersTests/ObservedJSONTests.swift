import Foundation
@testable import Providers
import Spec
import Testing

@Suite("Observed estate JSON")
struct ObservedJSONTests {
    @Test("reads the documented example (docs/observed-json.md) with every resource kind")
    func example() throws {
        let estate = try ObservedJSON.decode(try Fixtures.data("observed/example.json"))
        #expect(estate.formatVersion == "1.0")
        #expect(estate.observedAt == Timestamp.parse("2026-11-25T14:00:00Z"))
        #expect(estate.revision?.hasPrefix("4bed46f") == true)
        #expect(estate.providers["veeam"]?.state == .down)
        #expect(estate.providers["veeam"]?.error?.kind == .timeout)

        let live = try #require(estate[.vm("starface-pbx01", on: "vc-muc")].state?.vm)
        #expect(live.numCPU == 4 && live.coresPerSocket == 2)
        #expect(live.evcMode == "intel-cascadelake")
        #expect(live.ftState == .running)
        #expect(live.snapshots.map(\.parent) == [nil, "snapshot-2001"])
        #expect(estate[.vm("starface-pbx01", on: "vc-ham")] == .absent)

        let hyperv = try #require(estate[.vm("starface-pbx02", on: "hv-ber")].state?.vm)
        #expect(hyperv.hypervisor == .hyperv)
        #expect(hyperv.snapshots.first?.type == "Replica")
        #expect(hyperv.ipAddresses.isEmpty)   // left out: empty

        guard case .replication(let replication)? = estate[.replication(of: "starface-pbx01", on: "srm-muc")].state else {
            Issue.record("replication missing")
            return
        }
        #expect(replication.rpo == .minutes(15))
        #expect(replication.health == .normal)
        #expect(replication.ipCustomization == false)

        guard case .starface(let pbx)? = estate[.starface("pbx-live")].state else {
            Issue.record("starface missing")
            return
        }
        #expect(pbx.version == StarfaceVersion(8, 1, 0, 11))
        #expect(pbx.backupSchedule?.interval == .hours(24))
        #expect(pbx.licence?.platform == .vm)

        guard case .backups(let listing)? = estate[.backups(on: "s3-offsite", prefix: "pbx-main/")].state else {
            Issue.record("backups missing")
            return
        }
        #expect(listing.newest?.name == "backup-2026-11-25.sar")

        let job = estate[.backupJob("STARFACE VM", on: "veeam")]
        #expect(job.error?.kind == .timeout)
        // Nobody asked about this one: unknown, never absent.
        #expect(estate[.vm("elsewhere", on: "vc-muc")].error?.kind == .notFound)
    }

    @Test("writes what it reads: encode, decode, equal")
    func roundTrip() throws {
        let original = try ObservedJSON.decode(try Fixtures.data("observed/example.json"))
        let again = try ObservedJSON.decode(try ObservedJSON.encode(original))
        #expect(again == original)
        var job = BackupJobState(name: "STARFACE VM")
        job.mode = .reverseIncremental
        job.interval = .hours(24)
        job.lastResult = BackupJobResult(rawValue: "someNewResult")   // values unknown to us pass through
        var estate = ObservedEstate(observedAt: Date(timeIntervalSince1970: 1_795_612_345))
        estate.resources[.backupJob("STARFACE VM", on: "veeam")] = .present(.backupJob(job))
        let text = String(decoding: try ObservedJSON.encode(estate), as: UTF8.self)
        #expect(text.contains(#""interval_seconds" : 86400"#))
        #expect(text.contains(#""last_result" : "someNewResult""#))
        #expect(text.contains(#""observed_at" : "2026-11-25T13:12:25Z""#))
        #expect(text.contains(#""veeam/backup-job/STARFACE VM" : {"#))
        #expect(try ObservedJSON.decode(Data(text.utf8)) == estate)
    }

    @Test("refuses a future major format, an unknown kind and a bad address")
    func refuses() {
        let base = #"{"format_version":"1.0","observed_at":"2026-11-25T14:00:00Z","providers":{},"resources":{RES}}"#
        #expect(throws: DecodingError.self) {
            try ObservedJSON.decode(Data(base.replacingOccurrences(of: "1.0", with: "2.0").replacingOccurrences(of: "RES", with: "").utf8))
        }
        #expect(throws: DecodingError.self) {
            try ObservedJSON.decode(Data(base.replacingOccurrences(of: "RES", with: #""a/vm/b":{"status":"present","state":{"kind":"toaster"}}"#).utf8))
        }
        #expect(throws: DecodingError.self) {
            try ObservedJSON.decode(Data(base.replacingOccurrences(of: "RES", with: #""not-an-address":{"status":"absent"}"#).utf8))
        }
        #expect(throws: DecodingError.self) {
            try ObservedJSON.decode(Data(base.replacingOccurrences(of: "RES", with: #""a/vm/b":{"status":"maybe"}"#).utf8))
        }
        // A minor version is readable.
        #expect((try? ObservedJSON.decode(Data(base.replacingOccurrences(of: "1.0", with: "1.3").replacingOccurrences(of: "RES", with: "").utf8))) != nil)
    }

    @Test("provider status is derived from what came back")
    func status() {
        let down = ProviderError(.unreachable, "refused")
        #expect(ProviderStatus.derive(type: .vsphere, observations: [.unknown(down), .unknown(down)], warnings: [], durationMS: 1).state == .down)
        #expect(ProviderStatus.derive(type: .vsphere, observations: [.absent, .unknown(down)], warnings: [], durationMS: 1).state == .up)
        let unsupported = ProviderError.providerTypeNotSupported("s3", provider: "b")
        let status = ProviderStatus.derive(type: .s3, observations: [.unknown(unsupported)], warnings: [], durationMS: 0)
        #expect(status.state == .unsupported)
        #expect(status.error?.message == "provider type s3 not supported yet in this version")
    }
}
