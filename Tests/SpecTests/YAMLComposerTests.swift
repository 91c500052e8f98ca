import Spec
import Testing

@Suite("YAML composer")
struct YAMLComposerTests {
    func compose(_ text: String, limits: YAMLLimits = .standard) -> YAMLComposer.Result {
        YAMLComposer(limits: limits).compose(Array(text.utf8), file: "f.yaml")
    }

    @Test("keeps 1-based locations of keys and values")
    func locations() throws {
        let result = compose("a:\n  b: [1, 2]\n  c: \"x\"\n")
        let root = try #require(result.documents.first)
        #expect(root.location == SourceLocation(file: "f.yaml", line: 1, column: 1))
        let b = try #require(root["a"]?["b"])
        #expect(b.location.line == 2 && b.location.column == 6)
        #expect(root["a"]?["c"]?.scalar?.style == .doubleQuoted)
    }

    @Test("resolves aliases and applies merge keys, explicit keys winning")
    func aliasesAndMerge() throws {
        let result = compose("base: &b { x: 1, y: 2 }\nthing:\n  <<: *b\n  y: 3\n")
        #expect(result.diagnostics.isEmpty)
        let thing = try #require(result.documents.first?["thing"])
        #expect(thing["x"]?.scalar?.value == "1")
        #expect(thing["y"]?.scalar?.value == "3")
        #expect(thing.mapping?.count == 2)
    }

    @Test("reports both places of a duplicate key")
    func duplicateKey() throws {
        let result = compose("a: 1\nb: 2\na: 3\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.location.line == 3)
        #expect(diagnostic.related?.line == 1)
    }

    @Test("stops an alias bomb at the node budget, naming the limit")
    func aliasBomb() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let result = compose(text)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .limitExceeded)
        #expect(diagnostic.message.contains("limit"))
    }

    @Test("stops deep nesting at the depth limit without recursing", arguments: [65, 10_000, 200_000])
    func deepNesting(depth: Int) throws {
        let result = compose(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .limitExceeded)
        #expect(diagnostic.message.contains("64 levels"))
    }

    @Test("nesting up to the limit is fine")
    func nestingAtLimit() {
        let result = compose(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(result.diagnostics.isEmpty)
    }

    @Test("explains tab indentation")
    func tabs() throws {
        let diagnostic = try #require(compose("a:\n\tb: 1\n").diagnostics.first)
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.hint?.contains("tab") == true)
    }

    @Test("reads every document of a stream")
    func multiDocument() {
        let result = compose("a: 1\n---\nb: 2\n---\n")
        #expect(result.documents.count == 3)
        #expect(result.documents[1]["b"]?.scalar?.value == "2")
    }

    @Test("locates an invalid UTF-8 byte")
    func invalidUTF8() throws {
        var bytes = Array("a: 1\nb: x".utf8)
        bytes.append(0xFF)
        let diagnostic = try #require(YAMLComposer().compose(bytes, file: "f.yaml").diagnostics.first)
        #expect(diagnostic.code == .notText)
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 5)
    }
}
