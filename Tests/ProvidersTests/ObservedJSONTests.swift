import Foundation
@testable import Providers
import Spec
import Testing
import TestSupport

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

@Suite("Streaming JSON encoder")
struct StreamingJSONEncoderTests {
    struct Sample: Encodable {
        var text = "quote \" backslash \\ newline \n tab \t bell \u{7} slash / ümlaut"
        var number = -42
        var big: UInt64 = 18_446_744_073_709_551_615
        var real = 2.5
        var flag = true
        var none: String? = nil
        var list = [1, 2, 3]
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var map = ["b": 2, "a": 1, "c": 3]
        var date = Date(timeIntervalSince1970: 0)
        var nested = Nested()
    }

    struct Nested: Encodable {
        enum CodingKeys: String, CodingKey { case inner, values }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var inner = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .inner)
            try inner.encode("x", forKey: .values)
            var values = container.nestedUnkeyedContainer(forKey: .values)
            try values.encode(true)
            try values.encodeNil()
        }
    }

    @Test("writes what JSONSerialization reads as the same value, pretty or compact", arguments: [true, false])
    func sameValue(pretty: Bool) throws {
        let bytes = try StreamingJSONEncoder(pretty: pretty).encode(Sample())
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(parsed["text"] as? String == Sample().text)
        #expect(parsed["number"] as? Int == -42)
        #expect((parsed["big"] as? NSNumber)?.uint64Value == UInt64.max)
        #expect(parsed["real"] as? Double == 2.5)
        #expect(parsed["flag"] as? Bool == true)
        #expect(parsed["none"] == nil)
        #expect(parsed["list"] as? [Int] == [1, 2, 3])
        #expect((parsed["empty"] as? [Int])?.isEmpty == true)
        #expect((parsed["emptyObject"] as? [String: Int])?.isEmpty == true)
        #expect(parsed["map"] as? [String: Int] == ["a": 1, "b": 2, "c": 3])
        #expect(parsed["date"] as? String == "1970-01-01T00:00:00Z")
        let nested = parsed["nested"] as? [String: Any]
        #expect((nested?["inner"] as? [String: String]) == ["values": "x"])
        #expect((nested?["values"] as? [Any])?.count == 2)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""map" : {"#) == pretty)
        #expect(text.firstRange(of: #""a""#)!.lowerBound < text.firstRange(of: #""b""#)!.lowerBound)   // sorted
        #expect(!text.contains("\\/"))
    }

    @Test("a whole estate reads back equal to the original")
    func estate() throws {
        let original = try ObservedJSON.decode(try Fixtures.data("observed/example.json"))
        for pretty in [true, false] {
            #expect(try ObservedJSON.decode(ObservedJSON.encode(original, pretty: pretty)) == original)
        }
        // Deterministic: the same estate gives the same bytes.
        #expect(try ObservedJSON.encode(original) == ObservedJSON.encode(original))
    }

    @Test("a file is replaced only once complete, in pieces that match the one-piece text")
    func file() throws {
        let estate = try ObservedJSON.decode(try Fixtures.data("observed/example.json"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("observed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("estate.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try ObservedJSON.write(estate, toFile: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == ObservedJSON.encode(estate))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["estate.json"])
        // Many pieces (a large estate) join up to the same text.
        var large = estate
        let vm = try #require(estate[.vm("starface-pbx01", on: "vc-muc")].state)
        for index in 0..<2000 { large.resources[.vm("vm-\(index)", on: "vc-muc")] = .present(vm) }
        try ObservedJSON.write(large, toFile: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == ObservedJSON.encode(large))
        #expect(throws: (any Error).self) { try ObservedJSON.write(estate, toFile: "/nonexistent-dir/estate.json") }
    }

    @Test("refuses numbers JSON cannot hold")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.nan]) }
    }
}
