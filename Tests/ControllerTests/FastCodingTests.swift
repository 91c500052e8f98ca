@testable import Controller
import Foundation
import Providers
import Spec
import Testing

/// The fast estate reader and the canonical encoder must agree with Foundation's
/// JSONDecoder and JSONEncoder on everything an estate holds.
@Suite("fast JSON decoding and canonical encoding")
struct FastCodingTests {
    static var estates: [ObservedEstate] {
        var rich = World()
        rich.liveVM.snapshots = [VMSnapshot(id: "s-1", name: "Vor dem Update \"8.1\"\n(Zeile 2)\t/ok\\", description: "Bäckerei Schulz — ✓ \u{1}",
                                            createTime: World.t0.addingTimeInterval(-101), parent: "s-0", type: "Standard", isCurrent: true),
                                 VMSnapshot(id: "s-0", name: "root", createTime: World.t0.addingTimeInterval(-9000))]
        rich.liveVM.cpuAllocation = CPUAllocation(reservationMHz: 2000, limitMHz: -1, sharesLevel: "high", shares: 8000)
        rich.liveVM.uuid = "4211c3d8"
        rich.liveVM.instanceUUID = "5011"
        rich.liveVM.compatibilityForMigration = false
        rich.liveVM.clustered = true
        rich.liveVM.ipAddresses = ["10.0.0.1", "fe80::1"]
        rich.liveVM.unreadable = ["runtime.faultToleranceState": "NoPermission", "guest.net": "NotAuthenticated"]
        rich.live.unreadable = ["licence": "no API", "backup_schedule": "no API \"quoted\""]
        rich.live.licence = StarfaceLicence(serverLicence: true, platform: .vm, hardwareID: "HW-1", validUntil: World.t0)
        rich.job.nextRun = World.t0
        rich.job.id = "job-1"
        rich.replication.primaryServer = "p"
        rich.replication.replicaServer = "r"
        rich.replication.recoveryPlan = "rp"
        rich.replication.recoveryPlanState = "READY"
        rich.replication.replicaVM = "vm"
        rich.overrides[ResourceRef.vm("Bäckerei-PBX", on: "hv")] = .absent
        rich.overrides[ResourceRef.backups(on: "sftp", prefix: "a/b c/")] = .unknown(ProviderError(.timeout, "no answer \"in time\"", provider: "sftp"))
        var estate = rich.estate
        estate.revision = "abc123"
        estate.generator = "test"
        estate.providers["vc"] = ProviderStatus(type: .vsphere, state: .up, warnings: ["TLS verification is off"], resources: 2, unknown: 0, durationMS: 12)
        estate.providers["sftp"] = ProviderStatus(type: .sftp, state: .down, error: ProviderError(.timeout, "x"), resources: 1, unknown: 1)
        return [World().estate, estate]
    }

    static func foundationJSON(_ estate: ObservedEstate) throws -> Data {
        try ObservedJSON.encode(estate)
    }

    @Test("the tree decoder reads what ObservedJSON writes, exactly as JSONDecoder does")
    func decoding() throws {
        for estate in Self.estates {
            let data = try Self.foundationJSON(estate)
            let fast = try TreeDecoder.decode(ObservedEstate.self, from: data)
            #expect(fast == (try ObservedJSON.decode(data)))
            #expect(fast == estate)
        }
    }

    @Test("the fixtures read alike both ways", arguments: ["company-observed.json", "company-observed-veeam-unknown.json"])
    func fixtures(name: String) throws {
        let data = try Data(contentsOf: Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/\(name)"))
        #expect(try TreeDecoder.decode(ObservedEstate.self, from: data) == ObservedJSON.decode(data))
    }

    @Test("the canonical encoder writes JSONEncoder's sorted, compact bytes")
    func encoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        for estate in Self.estates {
            let expected = Array(try encoder.encode(estate))
            let actual = try CanonicalEncoder.bytes(estate)
            #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test("the digest of a parsed document equals the digest of the estate it holds")
    func documentDigest() throws {
        for estate in Self.estates {
            let document = try JSONParser.parse(try Self.foundationJSON(estate))
            #expect(ObservedDigest.of(document: document) == (try ObservedDigest.of(estate)))
        }
        for name in ["company-observed.json", "company-observed-veeam-unknown.json"] {
            let data = try Data(contentsOf: Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/\(name)"))
            let read = try PlanInputs.readEstateAndDigest(Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/\(name)").path)
            #expect(read.digest == (try ObservedDigest.of(ObservedJSON.decode(data))), "\(name)")
        }
    }

    @Test("the resource-by-resource reader reads and digests as the whole-document path does")
    func streamingReader() throws {
        for estate in Self.estates {
            let data = try Self.foundationJSON(estate)
            let read = try EstateReader.read(data)
            #expect(read.estate == (try ObservedJSON.decode(data)))
            #expect(read.digest == (try ObservedDigest.of(estate)))
            #expect(read.digest == ObservedDigest.of(document: try JSONParser.parse(data)))
        }
        // Something it does not expect: it refuses, and Foundation reads instead.
        let extra = #"{"format_version":"1.1","observed_at":"2026-11-25T10:00:00Z","future":1,"resources":{}}"#
        #expect(throws: (any Error).self) { try EstateReader.read(Data(extra.utf8)) }
        let minor = #"{"format_version":"1.1","observed_at":"2026-11-25T10:00:00Z","resources":{}}"#
        #expect(try EstateReader.read(Data(minor.utf8)).estate == ObservedJSON.decode(Data(minor.utf8)))
    }

    @Test("the byte reader reads and digests odd documents as the tree and Foundation do", arguments: [
        // Keys out of order, nulls, whole doubles, unknown members, escapes, non-ASCII text.
        #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"vc/vm/x":{"state":{"name":"x","uuid":null,"kind":"vm","hypervisor":"vsphere","num_cpu":4.0,"cpu_model":"X\u00e4\/y","snapshots":[]},"status":"present","extra":[null,1.5e3,-0,{"b":1,"a":null}]}}}"#,
        #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"vc/vm/st\u0061rface":{"status":"absent"},"vc/vm/äx":{"status":"absent"},"vc/vm/ax":{"status":"absent"},"vc/vm/a x":{"status":"absent"},"vc/vm/a\"b":{"status":"absent"}}}"#,
        #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"b/backups/p/":{"status":"present","state":{"files":[{"size":1,"modified":"2026-11-22T04:03:00.5+02:00","name":"f"}],"location":"s3://b/p/","kind":"backups"}}}}"#,
        #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"vc/vm/x":{"state":{"snapshots":[{"name":"n","id":"s","zz":{"y":1,"x":[{"d":1,"c":2}]}}],"name":"x\n\u0001é","kind":"vm","hypervisor":"vsphere","A":1,"a":2,"_":3," ":4,"a ":5},"status":"present"}}}"#,
        "{\n  \"resources\" : { \"srm/replication/x\" : { \"status\" : \"absent\" } },\n  \"format_version\" : \"1.0\", \"observed_at\" : \"2026-11-25T10:00:00Z\" }\n",
    ])
    func oddDocuments(text: String) throws {
        let data = Data(text.utf8)
        let read = try EstateReader.read(data)
        #expect(read.estate == (try ObservedJSON.decode(data)))
        #expect(read.digest == ObservedDigest.of(document: try JSONParser.parse(data)))
    }

    @Test("a resource given twice: the last one counts, for the estate and the digest")
    func duplicateResource() throws {
        let text = #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"vc/vm/a":{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"a","num_cpu":1}},"vc/vm/b":{"status":"absent"},"vc/vm/a":{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"a","num_cpu":2}}}}"#
        let read = try EstateReader.read(Data(text.utf8))
        #expect(read.estate[.vm("a", on: "vc")].state?.vm?.numCPU == 2)
        // As if only the last one had been written, where the first one was.
        let last = text.replacingOccurrences(of: #""num_cpu":1"#, with: #""num_cpu":2"#)
            .replacingOccurrences(of: #","vc/vm/a":{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"a","num_cpu":2}}}}"#, with: "}}")
        #expect(read.digest == ObservedDigest.of(document: try JSONParser.parse(Data(last.utf8))))
    }

    @Test("null members do not change the digest; values do")
    func documentNulls() throws {
        let plain = #"{"format_version":"1.0","observed_at":"2026-11-25T10:00:00Z","resources":{"a/vm/x":{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"x"}}}}"#
        let nulls = #"{"format_version":"1.0","observed_at":"2026-11-25T11:00:00Z","resources":{"a/vm/x":{"status":"present","state":{"name":"x","kind":"vm","uuid":null,"hypervisor":"vsphere"}}}}"#
        let other = plain.replacingOccurrences(of: #""name":"x""#, with: #""name":"y""#)
        let digest = { (text: String) in ObservedDigest.of(document: try JSONParser.parse(Data(text.utf8))) }
        #expect(try digest(plain) == digest(nulls))
        #expect(try digest(plain) != digest(other))
    }

    @Test("malformed documents are refused", arguments: [
        "", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\\ud800\"", "tru", "{} x", "\"a\u{1}\"", "[1 2]",
    ])
    func malformed(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
    }

    @Test("strings, numbers and escapes parse as JSON says", arguments: [
        ("\"\\u00e4\\ud83d\\ude00\\n\\/\"", JSONValueProbe.string("ä😀\n/")),
        ("-12", .int(-12)), ("1.5e3", .double(1500)), ("0", .int(0)), ("true", .bool(true)), ("null", .null),
    ])
    func scalars(text: String, expected: JSONValueProbe) throws {
        #expect(JSONValueProbe(try JSONParser.parse(Data(text.utf8))) == expected)
    }

    @Test("a wrong format_version falls back to Foundation's message")
    func wrongVersion() throws {
        let data = Data(#"{"format_version": "2.0", "observed_at": "2026-11-25T10:00:00Z"}"#.utf8)
        #expect(throws: (any Error).self) { try TreeDecoder.decode(ObservedEstate.self, from: data) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString).json")
        try data.write(to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try PlanInputs.readEstate(directory.path)
            Issue.record("a 2.0 estate was read")
        } catch {
            #expect(error.description.contains("format_version 2.0 is not readable"))
        }
    }
}

/// A comparable view of a parsed scalar.
enum JSONValueProbe: Equatable, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String), other

    init(_ node: JSONNode) {
        switch node {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        default: self = .other
        }
    }
}
