import CLibXML2
import Foundation

/// Why a document could not be parsed.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "XML not well-formed at line \(line), column \(column): \(message)" }
}

/// Parses XML into `XMLTreeElement`s with libxml2's SAX2 interface, resolving every element,
/// attribute and `xsi:type` value to its namespace URI.
///
/// Large answers can be consumed as they are parsed: elements the `split` predicate picks
/// are handed to `onSplit` as soon as they close and are not kept in the tree, so an answer
/// with thousands of objects never exists as one tree.
///
/// libxml2 is used directly rather than through Foundation's `XMLParser` (which wraps the
/// same library): `XMLParser` made every callback cost about a microsecond more — a fifth of
/// the CPU time of observing 5,000 VMs (docs/performance.md). No DTD is loaded, no entity
/// is substituted and no network access is made.
public struct XMLTreeParser {
    /// Input is fed to libxml2 in pieces of this size (given whole, its push parser refuses
    /// documents over 10 MB).
    static let chunkSize = 1 << 16

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
        var handler = xmlSAXHandler()
        handler.initialized = SF_XML_SAX2_MAGIC
        handler.startElementNs = saxStartElement
        handler.endElementNs = saxEndElement
        handler.characters = saxCharacters
        handler.cdataBlock = saxCharacters
        handler.serror = saxError   // collect errors instead of printing them
        let context = Unmanaged.passUnretained(builder).toOpaque()
        let failure: XMLParseError? = withExtendedLifetime(builder) {
            guard let parser = xmlCreatePushParserCtxt(&handler, context, nil, 0, nil) else {
                return XMLParseError(message: "libxml2 could not create a parser", line: 0, column: 0)
            }
            defer { xmlFreeParserCtxt(parser) }
            _ = xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
            data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var offset = 0
                repeat {
                    let length = min(Self.chunkSize, bytes.count - offset)
                    let last: Int32 = offset + length >= bytes.count ? 1 : 0
                    if xmlParseChunk(parser, base.map { $0 + offset }, Int32(length), last) != 0 || builder.failed { break }
                    offset += length
                } while offset < bytes.count
            }
            if let problem = builder.problem {
                return XMLParseError(message: problem, line: Int(xmlSAX2GetLineNumber(parser)), column: Int(xmlSAX2GetColumnNumber(parser)))
            }
            if let error = builder.error { return error }
            guard builder.root != nil else {
                return XMLParseError(message: "no root element", line: Int(xmlSAX2GetLineNumber(parser)),
                                     column: Int(xmlSAX2GetColumnNumber(parser)))
            }
            return nil
        }
        if let failure { throw failure }
        return builder.root!
    }
}

/// Builds the tree from SAX events. Names come from libxml2's dictionary, where each
/// distinct name has one address for the whole parse: Swift strings are made once per name.
private final class TreeBuilder {
    private var stack: [XMLTreeElement] = []
    /// Namespace declarations in scope, innermost last, and how many each open element added.
    private var prefixes: [(prefix: String, uri: String)] = [("xml", "http://www.w3.org/XML/1998/namespace")]
    private var declared: [Int] = []
    private var names: [UnsafeRawPointer: String] = [:]
    private let split: (Int, XMLName) -> Bool
    private let onSplit: (XMLTreeElement) -> Void
    private(set) var root: XMLTreeElement?
    /// A namespace problem found by the builder (libxml2 finds the others).
    var problem: String?
    /// The first error libxml2 reported.
    var error: XMLParseError?

    var failed: Bool { problem != nil || error != nil }

    init(split: @escaping (Int, XMLName) -> Bool, onSplit: @escaping (XMLTreeElement) -> Void) {
        self.split = split
        self.onSplit = onSplit
    }

    /// The Swift string for a name from libxml2's dictionary; "" for NULL.
    func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        if let known = names[UnsafeRawPointer(pointer)] { return known }
        let text = String(cString: pointer)
        names[UnsafeRawPointer(pointer)] = text
        return text
    }

    func start(_ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, declarations: Int,
               _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributes: Int,
               _ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        for index in 0..<declarations {
            prefixes.append((name(namespaces?[2 * index]), name(namespaces?[2 * index + 1])))
        }
        declared.append(declarations)
        var element = XMLTreeElement(name: XMLName(name(uri), name(localName)))
        if attributes > 0, let values {
            element.attributes.reserveCapacity(attributes)
            for index in 0..<attributes {
                // localname, prefix, URI, value start, value end
                let base = 5 * index
                guard let begin = values[base + 3], let end = values[base + 4] else { continue }
                let attributeName = XMLName(name(values[base + 2]), name(values[base]))
                let value = String(decoding: UnsafeBufferPointer(start: begin, count: end - begin), as: UTF8.self)
                if attributeName.namespace == XMLNamespace.schemaInstance, attributeName.localName == "type" {
                    if let type = resolve(value) {
                        element.schemaType = type
                    } else {
                        problem = problem ?? "undeclared namespace prefix in xsi:type value \(value)"
                    }
                }
                element.attributes.append(XMLAttribute(attributeName, value))
            }
        }
        stack.append(element)
    }

    func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard let bytes, !stack.isEmpty else { return }
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        if stack[stack.count - 1].text.isEmpty {
            stack[stack.count - 1].text = text
        } else {
            stack[stack.count - 1].text += text
        }
    }

    func end() {
        if let count = declared.popLast() { prefixes.removeLast(count) }
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

    /// Resolves a `prefix:local` value (`xsi:type`), an unprefixed one in the default namespace.
    private func resolve(_ qualified: String) -> XMLName? {
        let utf8 = qualified.utf8
        let prefix: String, local: String
        if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) {
            prefix = String(qualified[..<colon])
            local = String(qualified[utf8.index(after: colon)...])
        } else {
            prefix = ""
            local = qualified
        }
        guard let uri = prefixes.last(where: { $0.prefix == prefix })?.uri else {
            return prefix.isEmpty ? XMLName("", local) : nil
        }
        return XMLName(uri, local)
    }
}

// SAX2 callbacks: file-level functions, the builder passed as context (a closure capturing
// it would crash swift-frontend 6.3.1, see STACK.md).

private func builder(_ context: UnsafeMutableRawPointer?) -> TreeBuilder {
    Unmanaged<TreeBuilder>.fromOpaque(context!).takeUnretainedValue()
}

private func saxStartElement(_ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?,
                             _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ declarations: Int32,
                             _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ attributes: Int32,
                             _ defaulted: Int32, _ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
    builder(context).start(localName, uri, declarations: Int(declarations), namespaces, attributes: Int(attributes), values)
}

private func saxEndElement(_ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?,
                           _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) {
    builder(context).end()
}

private func saxCharacters(_ context: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
    builder(context).characters(bytes, Int(count))
}

private func saxError(_ context: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
    guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let builder = builder(context)
    guard builder.error == nil else { return }
    let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "error"
    builder.error = XMLParseError(message: message, line: Int(error.pointee.line), column: Int(error.pointee.int2))
}
