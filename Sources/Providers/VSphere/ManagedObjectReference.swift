/// A vSphere managed object reference: type and id, e.g. `VirtualMachine:vm-42`.
struct ManagedObjectReference: Hashable, Sendable, CustomStringConvertible {
    var type: String
    var value: String

    init(_ type: String, _ value: String) {
        self.type = type
        self.value = value
    }

    /// Reads `<x type="VirtualMachine">vm-42</x>`.
    init?(_ element: XMLTreeElement?) {
        guard let element, let type = element.attribute("type"), !element.text.isEmpty else { return nil }
        self.init(type, element.text)
    }

    var description: String { "\(type):\(value)" }

    /// Writes `<name type="…">id</name>`.
    func write(_ name: String, to writer: inout XMLWriter) {
        writer.element(name, value, attributes: ["type": type])
    }
}
