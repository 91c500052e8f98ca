import Foundation

/// The WS-Management (SOAP 1.2) messages of the Windows Remote Shell protocol ([MS-WSMV]):
/// Create a shell, run a Command in it, Receive its output, Signal it to end, Delete the
/// shell — and reading the answers and faults.
enum WSManEnvelope {
    static let soap12 = "http://www.w3.org/2003/05/soap-envelope"
    static let addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
    static let wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
    static let msWSMan = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
    static let shell = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
    static let wsmanFault = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
    static let cmdResource = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"
    static let terminateSignal = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate"
    static let doneState = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"
    /// `ERROR_WSMAN_OPERATION_TIMEDOUT`: a Receive found no output within the operation
    /// timeout. Not an error: ask again.
    static let receiveTimeoutCode = "2150858793"

    enum Action: String {
        case create = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
        case delete = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete"
        case command = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command"
        case receive = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive"
        case signal = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal"
    }

    /// A request envelope. `shellID` selects the shell (all but Create); `options` become
    /// the `w:OptionSet`.
    static func request(_ action: Action, to url: String, shellID: String? = nil, options: KeyValuePairs<String, String> = [:],
                        operationTimeout: Int, maxEnvelopeSize: Int = 512_000, body: (inout XMLWriter) -> Void = { _ in }) -> Data {
        var x = XMLWriter()
        x.start("s:Envelope", attributes: ["xmlns:s": soap12, "xmlns:a": addressing, "xmlns:w": wsman, "xmlns:p": msWSMan,
                                           "xmlns:rsp": shell])
        x.element("s:Header") { h in
            h.element("a:To", url)
            h.element("a:ReplyTo") { r in
                r.element("a:Address", "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
                          attributes: ["s:mustUnderstand": "true"])
            }
            h.element("w:MaxEnvelopeSize", String(maxEnvelopeSize), attributes: ["s:mustUnderstand": "true"])
            h.element("a:MessageID", "uuid:" + UUID().uuidString)
            h.element("w:Locale", "", attributes: ["xml:lang": "en-US", "s:mustUnderstand": "false"])
            h.element("p:DataLocale", "", attributes: ["xml:lang": "en-US", "s:mustUnderstand": "false"])
            h.element("w:OperationTimeout", "PT\(operationTimeout)S")
            h.element("w:ResourceURI", cmdResource, attributes: ["s:mustUnderstand": "true"])
            h.element("a:Action", action.rawValue, attributes: ["s:mustUnderstand": "true"])
            if let shellID {
                h.element("w:SelectorSet") { s in s.element("w:Selector", shellID, attributes: ["Name": "ShellId"]) }
            }
            if !options.isEmpty {
                h.element("w:OptionSet") { o in
                    for (name, value) in options { o.element("w:Option", value, attributes: ["Name": name]) }
                }
            }
        }
        x.element("s:Body", body)
        x.end("s:Envelope")
        return Data((#"<?xml version="1.0" encoding="utf-8"?>"# + x.text).utf8)
    }

    static func create(to url: String, operationTimeout: Int) -> Data {
        request(.create, to: url, options: ["WINRS_NOPROFILE": "TRUE", "WINRS_CODEPAGE": "65001"], operationTimeout: operationTimeout) { b in
            b.element("rsp:Shell") { s in
                s.element("rsp:InputStreams", "stdin")
                s.element("rsp:OutputStreams", "stdout stderr")
            }
        }
    }

    static func command(to url: String, shellID: String, command: String, arguments: [String], operationTimeout: Int) -> Data {
        request(.command, to: url, shellID: shellID, options: ["WINRS_CONSOLEMODE_STDIN": "TRUE", "WINRS_SKIP_CMD_SHELL": "FALSE"],
                operationTimeout: operationTimeout) { b in
            b.element("rsp:CommandLine") { c in
                c.element("rsp:Command", command)
                for argument in arguments { c.element("rsp:Arguments", argument) }
            }
        }
    }

    static func receive(to url: String, shellID: String, commandID: String, operationTimeout: Int) -> Data {
        request(.receive, to: url, shellID: shellID, options: ["WSMAN_CMDSHELL_OPTION_KEEPALIVE": "TRUE"],
                operationTimeout: operationTimeout) { b in
            b.element("rsp:Receive") { r in r.element("rsp:DesiredStream", "stdout stderr", attributes: ["CommandId": commandID]) }
        }
    }

    static func signal(to url: String, shellID: String, commandID: String, operationTimeout: Int) -> Data {
        request(.signal, to: url, shellID: shellID, operationTimeout: operationTimeout) { b in
            b.element("rsp:Signal", attributes: ["CommandId": commandID]) { s in s.element("rsp:Code", terminateSignal) }
        }
    }

    static func delete(to url: String, shellID: String, operationTimeout: Int) -> Data {
        request(.delete, to: url, shellID: shellID, operationTimeout: operationTimeout)
    }

    // MARK: answers

    /// The element inside `s:Body`.
    static func body(of root: XMLTreeElement) -> XMLTreeElement? {
        guard root.name == XMLName(soap12, "Envelope"), let body = root.child(XMLName(soap12, "Body")) else { return nil }
        return body.children.first
    }

    /// A WS-Management fault: the SOAP 1.2 subcode, reason text, and the `WSManFault` code.
    struct Fault: Error, Sendable, Hashable, CustomStringConvertible {
        var subcode: String
        var reason: String
        /// `WSManFault/@Code`, a Windows error number such as 2150858793.
        var code: String?
        var message: String?

        var isReceiveTimeout: Bool { code == WSManEnvelope.receiveTimeoutCode || subcode.hasSuffix("TimedOut") }

        var description: String {
            let text = (message?.isEmpty == false ? message : nil) ?? reason
            return "WS-Management fault \(subcode.isEmpty ? "" : subcode + " ")\(code.map { "(\($0)) " } ?? "")\(text)"
                .trimmingCharacters(in: .whitespaces)
        }
    }

    static func fault(in content: XMLTreeElement) -> Fault? {
        guard content.name == XMLName(soap12, "Fault") else { return nil }
        let code = content.child(XMLName(soap12, "Code"))
        let subcode = code?.child(XMLName(soap12, "Subcode"))?.child(XMLName(soap12, "Value"))?.text
            ?? code?.child(XMLName(soap12, "Value"))?.text ?? ""
        let reason = content.child(XMLName(soap12, "Reason"))?.children.first?.text ?? ""
        let detail = content.child(XMLName(soap12, "Detail"))?.child(XMLName(wsmanFault, "WSManFault"))
        let message = detail.flatMap { element in
            element.child(XMLName(wsmanFault, "Message")).map { flattenedText($0) }
        }
        return Fault(subcode: subcode.trimmingCharacters(in: .whitespacesAndNewlines),
                     reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                     code: detail?.attribute("Code"), message: message?.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// All text in and under `element`.
    static func flattenedText(_ element: XMLTreeElement) -> String {
        element.text + element.children.map(flattenedText).joined()
    }

    /// The shell's id from a Create answer: `rsp:Shell/rsp:ShellId`, or the `ShellId`
    /// selector of the created resource's reference.
    static func shellID(in content: XMLTreeElement) -> String? {
        if let id = content.child(XMLName(shell, "ShellId"))?.text, !id.isEmpty { return id }
        return firstDescendant(of: content) { $0.name.localName == "Selector" && $0.attribute("Name") == "ShellId" }?.text
    }

    static func commandID(in content: XMLTreeElement) -> String? {
        content.child(XMLName(shell, "CommandId"))?.text
    }

    /// One Receive answer: the decoded stream chunks, and the exit code once the command is done.
    struct Received {
        var stdout = Data()
        var stderr = Data()
        var done = false
        var exitCode: Int?
    }

    static func received(in content: XMLTreeElement) -> Received? {
        guard content.name == XMLName(shell, "ReceiveResponse") else { return nil }
        var result = Received()
        for stream in content.children where stream.name == XMLName(shell, "Stream") {
            let text = stream.text.filter { !$0.isWhitespace }
            guard !text.isEmpty else { continue }
            guard let data = Data(base64Encoded: text) else { return nil }
            if stream.attribute("Name") == "stderr" { result.stderr.append(data) } else { result.stdout.append(data) }
        }
        if let state = content.child(XMLName(shell, "CommandState")) {
            result.done = state.attribute("State") == doneState
            result.exitCode = state.child(XMLName(shell, "ExitCode")).flatMap { Int($0.text.trimmingCharacters(in: .whitespaces)) }
        }
        return result
    }

    private static func firstDescendant(of element: XMLTreeElement, where match: (XMLTreeElement) -> Bool) -> XMLTreeElement? {
        for child in element.children {
            if match(child) { return child }
            if let found = firstDescendant(of: child, where: match) { return found }
        }
        return nil
    }
}
