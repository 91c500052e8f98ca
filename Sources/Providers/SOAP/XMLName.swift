/// An XML name as the parser resolved it: namespace URI and local name. Elements and
/// `xsi:type` values are compared by this, never by prefix: vcsim, for one, writes
/// `XMLSchema-instance:type` where others write `xsi:type`.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    public var namespace: String
    public var localName: String

    public init(_ namespace: String, _ localName: String) {
        self.namespace = namespace
        self.localName = localName
    }

    public var description: String { namespace.isEmpty ? localName : "{\(namespace)}\(localName)" }
}

/// Namespace URIs of the XML vocabularies we speak.
public enum XMLNamespace {
    public static let soapEnvelope = "http://schemas.xmlsoap.org/soap/envelope/"
    public static let schemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
    public static let schema = "http://www.w3.org/2001/XMLSchema"
    public static let vim25 = "urn:vim25"
}
