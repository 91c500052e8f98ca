/// One element of a parsed XML document: a small namespace-aware tree, enough for SOAP
/// answers. Text is the concatenated character data directly inside the element.
public struct XMLTreeElement: Sendable, Hashable {
    public var name: XMLName
    /// Attributes with resolved names (unprefixed attributes have no namespace), in no
    /// particular order. A list: elements have few attributes, and most none.
    public var attributes: [XMLAttribute]
    public var children: [XMLTreeElement]
    public var text: String
    /// The value of `xsi:type`, its prefix resolved against the namespaces in scope.
    public var schemaType: XMLName?

    public init(name: XMLName, attributes: [XMLAttribute] = [], children: [XMLTreeElement] = [],
                text: String = "", schemaType: XMLName? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.schemaType = schemaType
    }

    /// The first child called `localName` in the same namespace as this element.
    public subscript(localName: String) -> XMLTreeElement? {
        children.first { $0.name.localName == localName && $0.name.namespace == name.namespace }
    }

    /// The first child with this exact name.
    public func child(_ name: XMLName) -> XMLTreeElement? {
        children.first { $0.name == name }
    }

    /// Every child called `localName` in this element's namespace.
    public func all(_ localName: String) -> [XMLTreeElement] {
        children.filter { $0.name.localName == localName && $0.name.namespace == name.namespace }
    }

    /// The text of the child `localName`, if there is such a child.
    public func text(_ localName: String) -> String? { self[localName]?.text }

    /// The unprefixed attribute `name`.
    public func attribute(_ name: String) -> String? { attribute(XMLName("", name)) }

    /// The attribute with this exact name.
    public func attribute(_ name: XMLName) -> String? { attributes.first { $0.name == name }?.value }
}

/// One attribute of an `XMLTreeElement`.
public struct XMLAttribute: Sendable, Hashable {
    public var name: XMLName
    public var value: String

    public init(_ name: XMLName, _ value: String) {
        self.name = name
        self.value = value
    }
}
