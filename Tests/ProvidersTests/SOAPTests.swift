import Foundation
@testable import Providers
import Testing

@Suite("SOAP envelopes and vSphere decoding")
struct SOAPTests {
    @Test("a fault becomes a typed fault, its type read from xsi:type")
    func fault() throws {
        let response = HTTPResponse(status: 500, body: try Fixtures.data("soap/invalid-login-fault.xml"), url: "http://vc/sdk")
        #expect {
            _ = try SOAPClient.interpret(response, provider: "vc", split: { _, _ in false }, onSplit: { _ in })
        } throws: { error in
            guard case .fault(let fault) = error as? SOAPCallError else { return false }
            let mapped = VSphereFaults.error(fault, provider: "vc", user: "admin")
            return fault.type == XMLName(XMLNamespace.vim25, "InvalidLogin") && fault.message == "Login failure"
                && mapped.kind == .auth && mapped.message.contains("admin") && !mapped.isTransient
        }
    }

    @Test("a fault without xsi:type is named after its detail element; privileges are quoted")
    func faultWithoutType() throws {
        let root = try XMLTreeParser().parse(try Fixtures.data("soap/no-permission-fault.xml"))
        let content = try #require(SOAPEnvelope.bodyContent(of: root))
        let fault = try #require(SOAPEnvelope.fault(in: content))
        #expect(fault.typeName == "NoPermission")
        let mapped = VSphereFaults.error(fault, provider: "vc")
        #expect(mapped.kind == .permission)
        #expect(mapped.message.contains("VirtualMachine.State.CreateSnapshot"))
    }

    @Test("HTTP statuses without a SOAP answer become typed errors", arguments: [
        (401, ProviderError.Kind.auth), (403, .permission), (404, .configuration), (503, .unavailable), (418, .protocol),
    ])
    func statuses(status: Int, kind: ProviderError.Kind) {
        let response = HTTPResponse(status: status, body: Data("nope".utf8), url: "http://vc/sdk")
        #expect {
            _ = try SOAPClient.interpret(response, provider: "vc", split: { _, _ in false }, onSplit: { _ in })
        } throws: { error in
            guard case .failure(let failure) = error as? SOAPCallError else { return false }
            return failure.kind == kind
        }
    }

    @Test("a 200 that is not XML is a protocol error")
    func notXML() {
        let response = HTTPResponse(status: 200, body: Data("<html>".utf8), url: "http://vc/sdk")
        #expect {
            _ = try SOAPClient.interpret(response, provider: "vc", split: { _, _ in false }, onSplit: { _ in })
        } throws: { error in
            guard case .failure(let failure) = error as? SOAPCallError else { return false }
            return failure.kind == .protocol
        }
    }

    @Test("VM properties decode the same from both prefix styles",
          arguments: ["soap/vcsim-vm-detail.xml", "soap/prefixed-vm-detail.xml"])
    func vmProperties(fixture: String) throws {
        let root = try XMLTreeParser().parse(try Fixtures.data(fixture))
        let objects = try #require(SOAPEnvelope.bodyContent(of: root)?["returnval"]?.all("objects"))
        let first = try #require(objects.first)
        let content = try #require(ObjectContent(first))
        let record = try #require(VMProperties.record(content))
        let vm = record.state
        #expect(vm.name == "DC0_H0_VM0")
        #expect(vm.id == "vm-57")
        #expect(vm.uuid == "265104de-1472-547c-b873-6dc7883fb6cb")
        #expect(vm.instanceUUID == "b4689bed-97f0-5bcd-8a4c-07477cc8f06f")
        #expect(vm.numCPU == 4)
        #expect(vm.coresPerSocket == 2)
        #expect(vm.cpuAllocation == CPUAllocation(reservationMHz: 0, limitMHz: -1, sharesLevel: "normal", shares: 0))
        #expect(vm.powerState == .poweredOn)
        #expect(vm.ftState == .running)
        #expect(vm.ipAddresses == ["10.1.2.3"])
        #expect(record.host == ManagedObjectReference("HostSystem", "host-21"))
        #expect(vm.snapshots.map(\.id) == ["snapshot-70", "snapshot-72"])
        #expect(vm.snapshots.map(\.parent) == [nil, "snapshot-70"])
        #expect(vm.snapshots.map(\.name) == ["before-update", "child"])
        #expect(vm.snapshots[0].description == "taken by sfreconcile & friends")
        #expect(vm.snapshots[1].description == nil)
        #expect(vm.snapshots.map(\.isCurrent) == [false, true])
        #expect(vm.snapshots[0].createTime == Timestamp.parse("2026-11-25T13:39:32.493482309Z"))
        #expect(vm.unreadable == nil)
    }

    @Test("VM names come back unescaped")
    func names() {
        #expect(VMProperties.name("a%2fb%5cc%25d") == "a/b\\c%d")
        #expect(VMProperties.name("100%") == "100%")
        #expect(VMProperties.name("plain") == "plain")
        #expect(VMProperties.name("%2F%zz") == "/%zz")
    }

    @Test("IP addresses: primary first, each once")
    func addresses() throws {
        let xml = #"<val xmlns="urn:vim25"><GuestNicInfo><ipAddress>10.0.0.2</ipAddress><ipAddress>fe80::1</ipAddress></GuestNicInfo><GuestNicInfo><ipAddress>10.0.0.1</ipAddress></GuestNicInfo></val>"#
        let nics = try XMLTreeParser().parse(Data(xml.utf8))
        #expect(VMProperties.ipAddresses(primary: "10.0.0.1", nics: nics) == ["10.0.0.1", "10.0.0.2", "fe80::1"])
        #expect(VMProperties.ipAddresses(primary: nil, nics: nil).isEmpty)
    }

    @Test("request envelopes parse back and keep their content")
    func envelope() throws {
        var writer = XMLWriter()
        writer.element("Login", attributes: ["xmlns": XMLNamespace.vim25]) {
            $0.element("userName", "a&b")
            $0.element("password", "<p>")
        }
        let root = try XMLTreeParser().parse(SOAPEnvelope.wrap(writer.text))
        let login = try #require(SOAPEnvelope.bodyContent(of: root))
        #expect(login.name == XMLName(XMLNamespace.vim25, "Login"))
        #expect(login.text("userName") == "a&b")
        #expect(login.text("password") == "<p>")
    }
}
