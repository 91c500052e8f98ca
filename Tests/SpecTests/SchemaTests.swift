import Foundation
import Spec
import Testing

/// The JSON Schema is generated from the same field lists that decode the spec.
@Suite("JSON Schema")
struct SchemaTests {
    let schema = SpecDocument.documentSchema

    @Test("is valid JSON with the draft-07 header")
    func parses() throws {
        let text = schema.serialized()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        #expect(schema["additionalProperties"] == .bool(false))
    }

    @Test("lists every top-level key the decoder accepts")
    func topLevelKeys() throws {
        guard case .object(let properties) = try #require(schema["properties"]) else {
            Issue.record("no properties")
            return
        }
        #expect(properties.map(\.0) == SpecDocument.fields.map(\.key))
    }

    @Test("describes every provider type with its own keys")
    func providerVariants() throws {
        let providers = try #require(schema["properties"]?["providers"]?["additionalProperties"])
        guard case .array(let branches) = try #require(providers["allOf"]) else {
            Issue.record("no allOf")
            return
        }
        #expect(branches.count == ProviderSettings.Kind.allCases.count)
        let text = providers.serialized()
        #expect(text.contains("\"protectionGroup\"") == false)  // belongs to instances, not providers
        #expect(text.contains("\"replicaServer\"") == false)
        #expect(text.contains("\"loginId\""))
        #expect(text.contains("\"secretKey\""))
    }

    @Test("shows defaults")
    func defaults() {
        let text = schema.serialized()
        #expect(text.contains("\"default\": \"72h\"") || text.contains("\"default\": \"3d\""))
    }
}
