@testable import Controller
import Foundation
import Providers
import Testing

/// The direct observation reader must read exactly what the models' `Codable` code reads
/// through `TreeDecoder`, and leave everything else to it.
@Suite("direct observation reader")
struct ObservationReaderTests {
    /// Each resource of `text` (an estate document) as a parse tree, by address.
    static func resources(_ data: Data) throws -> [(String, JSONNode)] {
        guard case .object(let top) = try JSONParser.parse(data), case .object(let resources)? = top["resources"] else {
            Issue.record("no resources")
            return []
        }
        return Array(zip(resources.keys, resources.values))
    }

    static func codable(_ node: JSONNode) throws -> Observation {
        try TreeDecoder(node: node).decodeValue(Observation.self)
    }

    /// `text` read by the cursor reader, which must read all of it.
    static func cursor(_ text: String) throws -> Observation {
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(buffer)
            let observation = try ObservationCursorReader.observation(&cursor)
            #expect(cursor.peek() == nil)
            return observation
        }
    }

    /// A node written back as (canonical) text.
    static func text(_ node: JSONNode) -> String {
        var out: [UInt8] = []
        CanonicalJSON.write(node, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func node(_ text: String) throws -> JSONNode {
        try JSONParser.parse(Data(text.utf8))
    }

    @Test("every present or absent resource of the test estates is read directly, as Codable reads it")
    func estates() throws {
        var direct = 0
        for estate in FastCodingTests.estates {
            for (address, node) in try Self.resources(try ObservedJSON.encode(estate)) {
                let expected = try Self.codable(node)
                switch expected {
                case .unknown:
                    #expect(throws: ObservationReader.NotRead.self) { try ObservationReader.observation(node) }
                case .present, .absent:
                    #expect(try ObservationReader.observation(node) == expected, "\(address)")
                    #expect(try Self.cursor(Self.text(node)) == expected, "\(address)")
                    direct += 1
                }
            }
        }
        #expect(direct >= 10)
    }

    @Test("the plan fixtures are read directly, as Codable reads them",
          arguments: ["company-observed.json", "company-observed-veeam-unknown.json"])
    func fixtures(name: String) throws {
        let data = try Data(contentsOf: Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/\(name)"))
        for (address, node) in try Self.resources(data) {
            guard let direct = try? ObservationReader.observation(node) else { continue }
            #expect(direct == (try Self.codable(node)), "\(address)")
        }
    }

    @Test("nulls, whole doubles and unknown keys are read as Codable reads them", arguments: [
        #"{"status":"present","state":{"kind":"vm","hypervisor":"hyperv","name":"x","uuid":null,"num_cpu":4.0,"ip_addresses":null,"extra":[1]}}"#,
        #"{"status":"present","state":{"kind":"starface","reachable":false,"version":"8.1.0.9","licence":{"platform":"cloud","valid_until":null},"backup_schedule":{"enabled":true,"interval_seconds":0}}}"#,
        #"{"status":"present","state":{"kind":"backups","location":"s3://b/p/","files":[{"name":"a.sar","modified":"2026-11-20T02:03:00Z","size":1e3}]}}"#,
        #"{"status":"present","state":{"kind":"replication","mechanism":"hyperv-replica","state":"Replicating","health":"odd","rpo_seconds":300}}"#,
        #"{"status":"present","state":{"kind":"backup-job","name":"j","mode":"reverseIncremental","interval_seconds":null,"vms":["a","b"]}}"#,
        #"{"status":"absent","state":null}"#,
        // An exec provider may report its own hypervisor name.
        #"{"status":"present","state":{"kind":"vm","hypervisor":"xen","name":"x"}}"#,
    ])
    func sameValues(text: String) throws {
        let node = try Self.node(text)
        #expect(try ObservationReader.observation(node) == Self.codable(node))
        // The cursor leaves whole doubles to the tree; what it reads, it reads alike.
        if let read = try? Self.cursor(text) { #expect(read == (try Self.codable(node))) }
    }

    @Test("what Codable refuses, or reads its own way, is left to it", arguments: [
        #"{"status":"present","state":{"kind":"vm","hypervisor":"vsphere"}}"#,
        #"{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"x","num_cpu":4.5}}"#,
        #"{"status":"present","state":{"kind":"vm","hypervisor":"vsphere","name":"x","name":"y"}}"#,
        #"{"status":"present","state":{"kind":"starface","reachable":"yes"}}"#,
        #"{"status":"present","state":{"kind":"starface","reachable":true,"version":"8.1"}}"#,
        #"{"status":"present","state":{"kind":"replication","mechanism":"srm","state":"x","rpo_seconds":-1}}"#,
        #"{"status":"present","state":{"kind":"backups","location":"x","files":null}}"#,
        #"{"status":"present","state":{"kind":"backups","location":"x","files":[{"name":"a","modified":"yesterday","size":1}]}}"#,
        #"{"status":"present","state":{"kind":"disk"}}"#,
        #"{"status":"unknown","error":{"kind":"timeout","message":"no answer"}}"#,
        #"{"status":"gone"}"#,
    ])
    func leftToCodable(text: String) throws {
        #expect(throws: ObservationReader.NotRead.self) { try ObservationReader.observation(try Self.node(text)) }
        #expect(throws: JSONCursor.Miss.self) { try Self.cursor(text) }
    }

    @Test("integers are parsed from their digits, long ones by the standard library", arguments: [
        ("123456789012345678", 123_456_789_012_345_678), ("-123456789012345678", -123_456_789_012_345_678),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min), ("-0", 0), ("7", 7),
    ])
    func integers(text: String, expected: Int) throws {
        guard case .int(let value) = try Self.node(text) else {
            Issue.record("\(text) is not an integer")
            return
        }
        #expect(value == expected)
    }
}
