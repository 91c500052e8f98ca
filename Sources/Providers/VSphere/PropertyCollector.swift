/// One object of a PropertyCollector answer: its reference, the properties it has, and the
/// ones the server could not give (with the fault's type).
struct ObjectContent: Sendable {
    var obj: ManagedObjectReference
    /// `val` elements by property path. vSphere leaves out properties that are unset.
    var properties: [String: XMLTreeElement]
    /// Property paths the server could not read, with the fault's type (`NoPermission`, …).
    var missing: [String: String]

    init?(_ element: XMLTreeElement) {
        guard let obj = ManagedObjectReference(element["obj"]) else { return nil }
        self.obj = obj
        var properties: [String: XMLTreeElement] = [:]
        var missing: [String: String] = [:]
        for child in element.children {
            switch child.name.localName {
            case "propSet":
                if let name = child.text("name"), let value = child["val"] { properties[name] = value }
            case "missingSet":
                if let path = child.text("path") {
                    let fault = child["fault"]?["fault"]
                    missing[path] = fault?.schemaType?.localName ?? fault?.name.localName ?? "unknown fault"
                }
            default:
                break
            }
        }
        self.properties = properties
        self.missing = missing
    }

    subscript(path: String) -> XMLTreeElement? { properties[path] }
}

/// What to retrieve: objects (directly, or through a container view) and, per type, the
/// property paths.
struct PropertyQuery: Sendable {
    enum Source: Sendable {
        /// Every object of a container view.
        case view(ManagedObjectReference)
        /// These objects, and for each the objects reached by following `traverse` (a
        /// property holding a reference, e.g. a host's `parent`).
        case objects([ManagedObjectReference], traverse: (type: String, path: String)?)
    }

    var source: Source
    var properties: [(type: String, paths: [String])]

    /// Writes the `specSet` element.
    func writeSpec(to writer: inout XMLWriter) {
        writer.element("specSet") { writer in
            for (type, paths) in properties {
                writer.element("propSet") { writer in
                    writer.element("type", type)
                    for path in paths { writer.element("pathSet", path) }
                }
            }
            switch source {
            case .view(let view):
                writer.element("objectSet") { writer in
                    view.write("obj", to: &writer)
                    writer.element("skip", "true")
                    writer.element("selectSet", attributes: ["xsi:type": "TraversalSpec"]) { writer in
                        writer.element("name", "traverseView")
                        writer.element("type", "ContainerView")
                        writer.element("path", "view")
                        writer.element("skip", "false")
                    }
                }
            case .objects(let objects, let traverse):
                for object in objects {
                    writer.element("objectSet") { writer in
                        object.write("obj", to: &writer)
                        writer.element("skip", "false")
                        if let traverse {
                            writer.element("selectSet", attributes: ["xsi:type": "TraversalSpec"]) { writer in
                                writer.element("name", "traverse-\(traverse.path)")
                                writer.element("type", traverse.type)
                                writer.element("path", traverse.path)
                                writer.element("skip", "false")
                            }
                        }
                    }
                }
            }
        }
    }
}

extension VSphereClient {
    /// Runs a query with RetrievePropertiesEx, following `ContinueRetrievePropertiesEx` tokens
    /// until the last page, and hands each object to `each` as soon as it is parsed.
    func retrieve(_ query: PropertyQuery, pageSize: Int, each: @escaping (ObjectContent) -> Void) async throws(ProviderError) {
        var malformed = 0
        // Envelope(1) / Body(2) / …Response(3) / returnval(4) / objects(5)
        let split: (Int, XMLName) -> Bool = { depth, name in
            depth == 5 && name.localName == "objects" && name.namespace == XMLNamespace.vim25
        }
        let onSplit: (XMLTreeElement) -> Void = { element in
            if let object = ObjectContent(element) { each(object) } else { malformed += 1 }
        }
        var response = try await invoke(split: split, onSplit: onSplit) { content, writer in
            writer.element("RetrievePropertiesEx", attributes: ["xmlns": XMLNamespace.vim25]) { writer in
                content.propertyCollector.write("_this", to: &writer)
                query.writeSpec(to: &writer)
                writer.element("options") { $0.element("maxObjects", String(pageSize)) }
            }
        }
        while let token = response["returnval"]?.text("token"), !token.isEmpty {
            do {
                response = try await invoke(split: split, onSplit: onSplit) { content, writer in
                    writer.element("ContinueRetrievePropertiesEx", attributes: ["xmlns": XMLNamespace.vim25]) { writer in
                        content.propertyCollector.write("_this", to: &writer)
                        writer.element("token", token)
                    }
                }
            } catch {
                await cancelRetrieve(token: token)
                throw error
            }
        }
        if malformed > 0 {
            throw ProviderError(.protocol, "\(malformed) objects in a RetrievePropertiesEx answer had no object reference", provider: provider)
        }
    }

    /// Frees the server-side state of an unfinished paged retrieval. Best effort.
    private func cancelRetrieve(token: String) async {
        _ = try? await invoke { content, writer in
            writer.element("CancelRetrievePropertiesEx", attributes: ["xmlns": XMLNamespace.vim25]) { writer in
                content.propertyCollector.write("_this", to: &writer)
                writer.element("token", token)
            }
        }
    }

    /// A container view of every object of `type` under the root folder.
    func createContainerView(of type: String) async throws(ProviderError) -> ManagedObjectReference {
        let response = try await invoke { content, writer in
            writer.element("CreateContainerView", attributes: ["xmlns": XMLNamespace.vim25]) { writer in
                content.viewManager.write("_this", to: &writer)
                content.rootFolder.write("container", to: &writer)
                writer.element("type", type)
                writer.element("recursive", "true")
            }
        }
        guard let view = ManagedObjectReference(response["returnval"]) else {
            throw ProviderError(.protocol, "CreateContainerView answered without a view", provider: provider)
        }
        return view
    }

    /// Destroys a view. Best effort: views die with the session anyway.
    func destroyView(_ view: ManagedObjectReference) async {
        _ = try? await invoke { _, writer in
            writer.element("DestroyView", attributes: ["xmlns": XMLNamespace.vim25]) { view.write("_this", to: &$0) }
        }
    }
}
