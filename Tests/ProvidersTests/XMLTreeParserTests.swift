import Foundation
@testable import Providers
import Testing

@Suite("XML tree parser")
struct XMLTreeParserTests {
    let parser = XMLTreeParser()

    @Test("resolves elements and xsi:type by namespace URI, whatever the prefixes",
          arguments: ["soap/vcsim-vm-detail.xml", "soap/prefixed-vm-detail.xml"])
    func namespaces(fixture: String) throws {
        let root = try parser.parse(try Fixtures.data(fixture))
        #expect(root.name == XMLName(XMLNamespace.soapEnvelope, "Envelope"))
        let response = try #require(SOAPEnvelope.bodyContent(of: root))
        #expect(response.name == XMLName(XMLNamespace.vim25, "RetrievePropertiesExResponse"))
        let object = try #require(response["returnval"]?["objects"])
        let values = object.all("propSet").compactMap { $0["val"] }
        // vcsim writes XMLSchema-instance:type="xsd:string", others xsi:type="xs:string".
        #expect(values.first?.schemaType == XMLName(XMLNamespace.schema, "string"))
        let power = try #require(object.all("propSet").first { $0.text("name") == "runtime.powerState" }?["val"])
        #expect(power.schemaType == XMLName(XMLNamespace.vim25, "VirtualMachinePowerState"))
        #expect(power.text == "poweredOn")
        #expect(object["obj"]?.attribute("type") == "VirtualMachine")
    }

    @Test("a prefix is only a name: a foreign element with a vim-like prefix is not vim25")
    func prefixIsNotNamespace() throws {
        let xml = #"<a xmlns:vim="urn:other"><vim:objects/><objects xmlns="urn:vim25"/></a>"#
        let root = try parser.parse(Data(xml.utf8))
        #expect(root.children.map(\.name) == [XMLName("urn:other", "objects"), XMLName(XMLNamespace.vim25, "objects")])
    }

    @Test("hands split elements over as they close and keeps them out of the tree")
    func split() throws {
        let data = try Fixtures.data("soap/vcsim-vm-detail.xml")
        var seen: [XMLTreeElement] = []
        let root = try parser.parse(data, split: { depth, name in depth == 5 && name.localName == "objects" },
                                    onSplit: { seen.append($0) })
        #expect(seen.count == 1)
        #expect(seen.first?["obj"]?.text == "vm-57")
        #expect(SOAPEnvelope.bodyContent(of: root)?["returnval"]?.children.isEmpty == true)
    }

    @Test("parses documents beyond libxml2's 10 MB single-chunk limit")
    func large() throws {
        var xml = #"<r xmlns="urn:x">"#
        let item = "<i>" + String(repeating: "v", count: 1000) + "</i>"
        xml.reserveCapacity(12_000_000)
        for _ in 0..<11_000 { xml += item }
        xml += "</r>"
        #expect(xml.utf8.count > 10_000_000)
        var count = 0
        _ = try parser.parse(Data(xml.utf8), split: { depth, _ in depth == 2 }, onSplit: { _ in count += 1 })
        #expect(count == 11_000)
    }

    @Test("reports malformed XML with its position")
    func malformed() {
        #expect(throws: XMLParseError.self) { try parser.parse(Data("<a><b></a>".utf8)) }
        #expect(throws: XMLParseError.self) { try parser.parse(Data("not xml".utf8)) }
        #expect(throws: XMLParseError.self) { try parser.parse(Data(#"<a x:y="1"/>"#.utf8)) }
    }

    @Test("a prefix redeclared inside an element applies there only")
    func scopes() throws {
        let xml = #"<r xmlns:t="urn:outer" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + #"<a xmlns:t="urn:inner" xsi:type="t:X"/><b xsi:type="t:Y"/></r>"#
        let root = try parser.parse(Data(xml.utf8))
        #expect(root.children.map(\.schemaType) == [XMLName("urn:inner", "X"), XMLName("urn:outer", "Y")])
    }

    @Test("reads no external entity and loads no DTD")
    func noExternalEntities() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-\(UUID().uuidString)")
        try Data("TOP-SECRET".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file://\#(secret.path)">]><a>x&e;y</a>"#
        let text = (try? parser.parse(Data(xml.utf8)))?.text ?? ""
        #expect(!text.contains("TOP-SECRET"))
    }

    @Test("decodes entities and concatenates text")
    func text() throws {
        let root = try parser.parse(Data("<a>x &amp; y &lt;z&gt; <![CDATA[<raw>]]></a>".utf8))
        #expect(root.text == "x & y <z> <raw>")
    }
}

@Suite("XML writer")
struct XMLWriterTests {
    @Test("escapes markup in text and attributes")
    func escaping() throws {
        var writer = XMLWriter()
        writer.element("password", #"a<b&c>"d'e"#, attributes: ["note": "x\"y\nz"])
        #expect(writer.text == #"<password note="x&quot;y&#10;z">a&lt;b&amp;c&gt;&quot;d&apos;e</password>"#)
        // What was written parses back to what was meant.
        let root = try XMLTreeParser().parse(Data(writer.text.utf8))
        #expect(root.text == #"a<b&c>"d'e"#)
        #expect(root.attribute("note") == "x\"y\nz")
    }

    @Test("replaces characters XML cannot carry")
    func controlCharacters() throws {
        #expect(XMLWriter.escape("a\u{1}b", inAttribute: false) == "a\u{FFFD}b")
        #expect(XMLWriter.escape("plain text", inAttribute: false) == "plain text")
        #expect(XMLWriter.escape("tab\tand\nline", inAttribute: false) == "tab\tand\nline")
    }
}
