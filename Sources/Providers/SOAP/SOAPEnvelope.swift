import Foundation

/// SOAP 1.1 envelopes: wrapping a request body, and finding the answer (or the fault) in a
/// response.
public enum SOAPEnvelope {
    /// A request envelope around `body` (the XML of the method element).
    public static func wrap(_ body: String) -> Data {
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"#
        text += #"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" "#
        text += #"xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
        text += "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>"
        return Data(text.utf8)
    }

    /// The element inside `Body`: the method's response, or a `Fault`.
    public static func bodyContent(of root: XMLTreeElement) -> XMLTreeElement? {
        guard root.name == XMLName(XMLNamespace.soapEnvelope, "Envelope"),
              let body = root.child(XMLName(XMLNamespace.soapEnvelope, "Body")) else { return nil }
        return body.children.first
    }

    /// The fault, when `content` is one.
    public static func fault(in content: XMLTreeElement) -> SOAPFault? {
        guard content.name == XMLName(XMLNamespace.soapEnvelope, "Fault") else { return nil }
        // faultcode, faultstring and detail are unqualified in SOAP 1.1.
        func field(_ name: String) -> XMLTreeElement? {
            content.children.first { $0.name.localName == name }
        }
        let detail = field("detail")?.children.first
        var type = detail?.schemaType
        if type == nil, let detail {
            var name = detail.name
            if name.localName.hasSuffix("Fault") { name.localName.removeLast("Fault".count) }
            type = name
        }
        return SOAPFault(code: field("faultcode")?.text ?? "", message: field("faultstring")?.text ?? "",
                         type: type, detail: detail)
    }
}

/// A SOAP fault: the server understood the request and refused it.
public struct SOAPFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// `faultcode`, e.g. `ServerFaultCode`.
    public var code: String
    /// `faultstring`, the server's words.
    public var message: String
    /// The fault's type: `xsi:type` of the detail element (`{urn:vim25}InvalidLogin`), or
    /// the detail element's name without its `Fault` suffix.
    public var type: XMLName?
    /// The detail element, for fault-specific fields.
    public var detail: XMLTreeElement?

    public init(code: String, message: String, type: XMLName? = nil, detail: XMLTreeElement? = nil) {
        self.code = code
        self.message = message
        self.type = type
        self.detail = detail
    }

    /// The fault type's local name, e.g. `InvalidLogin`, or the code when there is no detail.
    public var typeName: String { type?.localName ?? code }

    public var description: String {
        message.isEmpty ? "SOAP fault \(typeName)" : "SOAP fault \(typeName): \(message)"
    }
}
