import Foundation
@testable import Providers
import Testing

/// The WS-Management pieces without a server: PowerShell's encoding, CLIXML error records,
/// Receive answers and faults as Windows writes them ([MS-WSMV] examples).
@Suite("WinRM envelopes and CLIXML")
struct WinRMEnvelopeTests {
    @Test("-EncodedCommand is base64 of UTF-16LE")
    func encoding() {
        // "Get-VM" in UTF-16LE: G\0e\0t\0-\0V\0M\0
        #expect(PowerShellScript.encode("Get-VM") == "RwBlAHQALQBWAE0A")
        #expect(Data(base64Encoded: PowerShellScript.encode("ä€"))! == Data([0xE4, 0x00, 0xAC, 0x20]))
    }

    @Test("CLIXML error records become the console's lines; progress records are left out")
    func clixml() {
        let stderr = #"""
            #< CLIXML
            <Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN><MS><I64 N="SourceId">1</I64></MS></Obj><S S="Error">Get-VM : Hyper-V was unable to find a virtual machine with name "x"._x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S><S S="Error">    + FullyQualifiedErrorId : InvalidParameter_x000D__x000A_</S></Objs>
            """#
        #expect(CLIXML.readable(Data(stderr.utf8)) == """
            Get-VM : Hyper-V was unable to find a virtual machine with name "x".
            At line:1 char:1
            + FullyQualifiedErrorId : InvalidParameter
            """)
        #expect(CLIXML.readable(Data("plain error\r\n".utf8)) == "plain error")
        #expect(CLIXML.unescape("a_x0009_b_x00") == "a\tb_x00")
        // Not well-formed after the marker: shown as it came, not lost.
        #expect(CLIXML.readable(Data("#< CLIXML\n<Objs><S".utf8)).hasPrefix("#< CLIXML"))
    }

    @Test("a Receive answer: streams decoded in order, Done with the exit code")
    func receive() throws {
        let xml = """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell">
            <s:Header/><s:Body><rsp:ReceiveResponse>
            <rsp:Stream Name="stdout" CommandId="C1">aGVs</rsp:Stream>
            <rsp:Stream Name="stdout" CommandId="C1">bG8=</rsp:Stream>
            <rsp:Stream Name="stderr" CommandId="C1">b29wcw==</rsp:Stream>
            <rsp:Stream Name="stdout" CommandId="C1" End="true"></rsp:Stream>
            <rsp:CommandState CommandId="C1" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>3</rsp:ExitCode></rsp:CommandState>
            </rsp:ReceiveResponse></s:Body></s:Envelope>
            """
        let content = try #require(WSManEnvelope.body(of: try XMLTreeParser().parse(Data(xml.utf8))))
        let received = try #require(WSManEnvelope.received(in: content))
        #expect(String(decoding: received.stdout, as: UTF8.self) == "hello")
        #expect(String(decoding: received.stderr, as: UTF8.self) == "oops")
        #expect(received.done)
        #expect(received.exitCode == 3)
    }

    @Test("the receive-timeout fault is told apart from other faults")
    func faults() throws {
        func fault(_ code: String, _ subcode: String) throws -> WSManEnvelope.Fault? {
            let xml = """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">
                <s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:\(subcode)</s:Value></s:Subcode></s:Code>
                <s:Reason><s:Text xml:lang="en-US">reason text</s:Text></s:Reason>
                <s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="\(code)" Machine="hv">
                <f:Message><f:ProviderFault>Access is denied.</f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>
                """
            let content = try #require(WSManEnvelope.body(of: try XMLTreeParser().parse(Data(xml.utf8))))
            return WSManEnvelope.fault(in: content)
        }
        let timeout = try #require(try fault("2150858793", "TimedOut"))
        #expect(timeout.isReceiveTimeout)
        let denied = try #require(try fault("5", "AccessDenied"))
        #expect(!denied.isReceiveTimeout)
        #expect(denied.message == "Access is denied.")
        #expect(denied.description.contains("Access is denied."))
    }

    @Test("requests carry the action, the shell selector and escape every value")
    func requests() throws {
        let data = WSManEnvelope.command(to: "https://hv:5986/wsman", shellID: "S<1>", command: "powershell",
                                         arguments: ["-EncodedCommand", "QQA="], operationTimeout: 20)
        let root = try XMLTreeParser().parse(data)
        let header = try #require(root.child(XMLName(WSManEnvelope.soap12, "Header")))
        #expect(header.child(XMLName(WSManEnvelope.addressing, "Action"))?.text == WSManEnvelope.Action.command.rawValue)
        let selector = header.child(XMLName(WSManEnvelope.wsman, "SelectorSet"))?.children.first
        #expect(selector?.text == "S<1>")
        #expect(header.child(XMLName(WSManEnvelope.wsman, "OperationTimeout"))?.text == "PT20S")
        let line = try #require(WSManEnvelope.body(of: root))
        #expect(line.all("Arguments").map(\.text) == ["-EncodedCommand", "QQA="])
    }
}
