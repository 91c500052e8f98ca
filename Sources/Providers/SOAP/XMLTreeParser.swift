import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why a document could not be parsed.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "XML not well-formed at line \(line), column \(column): \(message)" }
}

/// Parses XML into `XMLTreeElement`s with Foundation's `XMLParser` (libxml2), resolving
/// every element, attribute and `xsi:type` value to its namespace URI.
///
/// Large answers can be consumed as they are parsed: elements the `split` predicate picks
/// are handed to `onSplit` as soon as they close and are not kept in the tree, so an answer
/// with thousands of objects never exists as one tree.
public struct XMLTreeParser {
    /// Documents larger than this are fed to libxml2 in chunks: given whole, libxml2's push
    /// parser refuses documents over 10 MB (XML_MAX_LOOKUP_LIMIT).
    static let chunkedThreshold = 4 << 20

    public init() {}

    /// Parses a whole document and returns its root element.
    public func parse(_ data: Data) throws(XMLParseError) -> XMLTreeElement {
        try parse(data, split: { _, _ in false }, onSplit: { _ in })
    }

    /// Parses a document, handing each element for which `split(depth, name)` is true to
    /// `onSplit` when it closes (depth 1 is the root). Returns the root without them.
    public func parse(_ data: Data, split: @escaping (Int, XMLName) -> Bool,
                      onSplit: @escaping (XMLTreeElement) -> Void) throws(XMLParseError) -> XMLTreeElement {
        let builder = TreeBuilder(split: split, onSplit: onSplit)
        let parser = data.count > Self.chunkedThreshold ? XMLParser(stream: InputStream(data: data)) : XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if let problem = builder.problem {
            throw XMLParseError(message: problem, line: parser.lineNumber, column: parser.columnNumber)
        }
        guard ok, let root = builder.root else {
            let message = parser.parserError.map { "\(($0 as NSError).domain) code \(($0 as NSError).code)" } ?? "no root element"
            throw XMLParseError(message: message, line: parser.lineNumber, column: parser.columnNumber)
        }
        return root
    }
}

/// The `XMLParser` delegate building the tree.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLTreeElement] = []
    /// Namespace declarations in scope, innermost last (a short list: a linear search beats
    /// hashing, and vcsim declares a prefix on nearly every value element).
    private var prefixes: [(prefix: String, uri: String)] = []
    private let split: (Int, XMLName) -> Bool
    private let onSplit: (XMLTreeElement) -> Void
    private(set) var root: XMLTreeElement?
    private(set) var problem: String?

    init(split: @escaping (Int, XMLName) -> Bool, onSplit: @escaping (XMLTreeElement) -> Void) {
        self.split = split
        self.onSplit = onSplit
    }

    private func namespace(ofPrefix prefix: String) -> String? {
        prefixes.last { $0.prefix == prefix }?.uri
    }

    /// Resolves `prefix:local` (or `local`, in the default namespace when `useDefault`).
    private func resolve(_ qualified: String, useDefault: Bool) -> XMLName? {
        let utf8 = qualified.utf8
        if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) {
            guard let uri = namespace(ofPrefix: String(qualified[..<colon])) else { return nil }
            return XMLName(uri, String(qualified[utf8.index(after: colon)...]))
        }
        return XMLName(useDefault ? namespace(ofPrefix: "") ?? "" : "", qualified)
    }

    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        prefixes.append((prefix, namespaceURI))
    }

    func parser(_ parser: XMLParser, didEndMappingPrefix prefix: String) {
        if let index = prefixes.lastIndex(where: { $0.prefix == prefix }) { prefixes.remove(at: index) }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        var element = XMLTreeElement(name: XMLName(namespaceURI ?? "", elementName))
        if !attributeDict.isEmpty {
            var attributes: [XMLAttribute] = []
            attributes.reserveCapacity(attributeDict.count)
            for (key, value) in attributeDict {
                guard let name = resolve(key, useDefault: false) else {
                    fail(parser, "undeclared namespace prefix in attribute \(key)")
                    return
                }
                if name.namespace == XMLNamespace.schemaInstance, name.localName == "type" {
                    guard let type = resolve(value, useDefault: true) else {
                        fail(parser, "undeclared namespace prefix in xsi:type value \(value)")
                        return
                    }
                    element.schemaType = type
                }
                attributes.append(XMLAttribute(name, value))
            }
            element.attributes = attributes
        }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let element = stack.popLast() else { return }
        let depth = stack.count + 1
        if stack.isEmpty {
            root = element
        } else if split(depth, element.name) {
            onSplit(element)
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        problem = message
        parser.abortParsing()
    }
}
