import Foundation
import Spec
import Testing

@Suite("Loading and merging")
struct LoaderTests {
    let sites = "apiVersion: sfreconcile/v1\nsites:\n  muc: {}\n"

    @Test("merges files: sections by name, alerts by concatenation")
    func merge() {
        let result = load(files: [
            ("a.yaml", sites + "alerts:\n  - { name: a, type: alertmanager, url: http://am:9093 }\n"),
            ("b.yaml", "apiVersion: sfreconcile/v1\nsites:\n  ham: {}\nalerts:\n  - { name: b, type: alertmanager, url: http://am:9093 }\n  - { name: c, type: smtp, url: smtp://m, from: x@y, to: [z@y] }\n"),
        ])
        #expect(result.isValid, "\(result.diagnostics.map(\.message))")
        #expect(result.spec.sites.names == ["muc", "ham"])
        #expect(result.spec.alerts.map(\.name) == ["a", "b", "c"])
        // The second file's alerts are renumbered after the first file's.
        #expect(result.sourceMap[SpecPath("alerts[2].url")]?.file == "b.yaml")
        #expect(result.sourceMap[SpecPath("alerts[0].url")]?.file == "a.yaml")
    }

    @Test("an alert error in the second file points into the second file")
    func renumberedLocations() throws {
        let result = load(files: [
            ("a.yaml", sites + "alerts:\n  - { name: a, type: alertmanager, url: http://am:9093 }\n"),
            ("b.yaml", "apiVersion: sfreconcile/v1\nalerts:\n  - { name: mail, type: smtp, url: http://m, from: x@y, to: [z@y] }\n"),
        ])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.location.file == "b.yaml" && diagnostic.location.line == 3)
    }

    @Test("the same name in two files is an error naming both")
    func duplicateAcrossFiles() throws {
        let result = load(files: [("a.yaml", sites), ("b.yaml", sites)])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .duplicateDefinition)
        #expect(diagnostic.location.file == "b.yaml")
        #expect(diagnostic.related?.file == "a.yaml")
    }

    @Test("policy and objectives may be set in one file only")
    func singletons() {
        let policy = "apiVersion: sfreconcile/v1\npolicy: {}\nobjectives: {}\n"
        let result = load(files: [("a.yaml", policy), ("b.yaml", policy)])
        #expect(result.codes() == [.duplicateDefinition, .duplicateDefinition])
    }

    @Test("reads a directory recursively, skipping hidden entries and other files")
    func directory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sfr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("customers/.git"), withIntermediateDirectories: true)
        try sites.write(to: root.appendingPathComponent("common.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: sfreconcile/v1\nsites:\n  ham: {}\n".write(to: root.appendingPathComponent("customers/x.yml"), atomically: true, encoding: .utf8)
        try "not: yaml: at all".write(to: root.appendingPathComponent("customers/.git/config.yaml"), atomically: true, encoding: .utf8)
        try "# readme".write(to: root.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let result = SpecLoader().load(path: root.path)
        #expect(result.isValid, "\(result.diagnostics.map(\.message))")
        #expect(result.files.count == 2)
        #expect(result.spec.sites.names.sorted() == ["ham", "muc"])
    }

    @Test("an empty directory, a missing path and an oversized file are located errors")
    func fileSystemErrors() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sfr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        #expect(SpecLoader().load(path: root.path).codes() == [.noSpecFiles])
        #expect(SpecLoader().load(path: root.appendingPathComponent("nope").path).codes() == [.fileUnreadable])

        let big = root.appendingPathComponent("big.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 2048).write(to: big)
        let limited = SpecLoader(limits: YAMLLimits(maxFileBytes: 1024)).load(path: big.path)
        #expect(limited.codes() == [.limitExceeded])
        #expect(limited.diagnostics.first?.message.contains("limit") == true)
    }

    @Test("a 20 MiB file is refused by the default limit without being parsed")
    func hugeFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sfr-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: root) }
        var text = "apiVersion: sfreconcile/v1\nsites:\n"
        let line = "  site-XXXXXXXX: { description: \"padding padding padding padding\" }\n"
        text.reserveCapacity(21 << 20)
        var index = 0
        while text.utf8.count < 20 << 20 {
            text += line.replacingOccurrences(of: "XXXXXXXX", with: String(index))
            index += 1
        }
        try text.write(toFile: root.path, atomically: false, encoding: .utf8)
        let result = SpecLoader().load(path: root.path)
        #expect(result.codes() == [.limitExceeded])
    }

    @Test("a large but legal spec loads: 5,000 instances in one file")
    func largeSpec() {
        var text = "apiVersion: sfreconcile/v1\nsites:\n  dc: {}\n  off: {}\nproviders:\n  t: { type: directory, path: /mnt/b, site: off }\ninstances:\n"
        for index in 0..<5000 {
            text += "  pbx-\(index):\n    live: { site: dc, platform: appliance }\n    backups: { starface: { target: t, interval: 24h } }\n"
        }
        let result = load(text)
        #expect(result.isValid)
        #expect(result.spec.instances.count == 5000)
    }

    @Test("document decoding never gets a spec from another apiVersion")
    func otherVersionIgnored() {
        let result = load("apiVersion: sfreconcile/v2\nsites:\n  muc: {}\n")
        #expect(result.codes() == [.apiVersion])
        #expect(result.spec.sites.isEmpty)
    }
}
