import Foundation
@testable import Providers

/// A scripted stand-in for vCenter's vim25 endpoint, answering the calls the provider
/// makes, for what vcsim cannot show: paged RetrievePropertiesEx answers (vcsim ignores
/// maxObjects and has no ContinueRetrievePropertiesEx), expired sessions, busy servers,
/// duplicate VM names and Fault Tolerance secondaries. Its answers are written in the form
/// of the captured vcsim envelopes in Fixtures/soap.
actor FakeVCenter: HTTPTransport {
    struct VM {
        var ref: String
        var name: String
        var ftRole: Int?
        var numCPU = 2
        var host = "host-1"
    }

    var vms: [VM]
    /// Objects per page of a container-view retrieval (a real vCenter pages by maxObjects).
    var pageSize = 2
    /// Calls to fail once with NotAuthenticated (as when a session expired).
    var expireSessionBefore: Set<String> = []
    /// Calls to answer once with HTTP 503.
    var busyBefore: Set<String> = []
    /// What tasks report: `running` forever, or `error` with this fault type.
    var taskOutcome: (state: String, fault: String?) = ("success", nil)
    private(set) var calls: [String] = []
    private(set) var tokens: [String] = []
    private var pages: [String: [VM]] = [:]
    private var loggedIn = false

    init(vms: [VM]) {
        self.vms = vms
    }

    func configure(_ change: (FakeVCenter) -> Void) { change(self) }
    func setExpire(_ calls: Set<String>) { expireSessionBefore = calls }
    func setBusy(_ calls: Set<String>) { busyBefore = calls }
    func setTaskOutcome(_ state: String, fault: String? = nil) { taskOutcome = (state, fault) }

    nonisolated func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        await answer(request)
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = request.body, let root = try? XMLTreeParser().parse(body),
              let call = SOAPEnvelope.bodyContent(of: root) else {
            return HTTPResponse(status: 500, body: Data("bad request".utf8), url: request.url)
        }
        let method = call.name.localName
        calls.append(method)
        if busyBefore.remove(method) != nil {
            return HTTPResponse(status: 503, body: Data("busy".utf8), url: request.url)
        }
        switch method {
        case "RetrieveServiceContent":
            return ok(request, method, """
                <returnval><rootFolder type="Folder">group-d1</rootFolder><propertyCollector type="PropertyCollector">propertyCollector</propertyCollector>\
                <viewManager type="ViewManager">ViewManager</viewManager><about><fullName>Fake vCenter</fullName><apiVersion>8.0.3.0</apiVersion></about>\
                <sessionManager type="SessionManager">SessionManager</sessionManager></returnval>
                """)
        case "Login":
            loggedIn = true
            return ok(request, method, "<returnval><key>k</key><userName>\(call.text("userName") ?? "")</userName></returnval>")
        case "Logout":
            loggedIn = false
            return ok(request, method, "")
        default:
            break
        }
        if !loggedIn || expireSessionBefore.remove(method) != nil {
            loggedIn = false
            return fault(request, "NotAuthenticated", "")
        }
        switch method {
        case "CreateContainerView":
            return ok(request, method, #"<returnval type="ContainerView">session[1]view-1</returnval>"#)
        case "DestroyView":
            return ok(request, method, "")
        case "CreateSnapshot_Task", "RemoveSnapshot_Task", "ReconfigVM_Task":
            return ok(request, method, #"<returnval type="Task">task-7</returnval>"#)
        case "RetrievePropertiesEx":
            return retrieve(request, call)
        case "ContinueRetrievePropertiesEx":
            let token = call.text("token") ?? ""
            tokens.append(token)
            guard let rest = pages.removeValue(forKey: token) else { return fault(request, "InvalidArgument", "unknown token") }
            return page(request, method, rest)
        default:
            return fault(request, "MethodNotFound", "\(method) is not faked")
        }
    }

    private func retrieve(_ request: HTTPRequest, _ call: XMLTreeElement) -> HTTPResponse {
        let spec = call["specSet"]
        let types = spec?.all("propSet").compactMap { $0.text("type") } ?? []
        let objects = spec?.all("objectSet").compactMap { $0["obj"] } ?? []
        if types == ["Task"] {
            var xml = #"<returnval><objects><obj type="Task">task-7</obj>"# + prop("info.state", "TaskInfoState", taskOutcome.state)
            if let fault = taskOutcome.fault {
                xml += #"<propSet><name>info.error</name><val xsi:type="LocalizedMethodFault"><fault xsi:type="\#(fault)"></fault><localizedMessage>The operation is not allowed in the current state.</localizedMessage></val></propSet>"#
            }
            return ok(request, "RetrievePropertiesEx", xml + "</objects></returnval>")
        }
        if objects.first?.attribute("type") == "ContainerView" {
            return page(request, "RetrievePropertiesEx", vms)
        }
        if types.contains("HostSystem") {
            let hosts = Set(objects.map(\.text))
            var xml = "<returnval>"
            for host in hosts.sorted() {
                xml += #"<objects><obj type="HostSystem">\#(host)</obj>"#
                    + prop("name", "xsd:string", "esx-\(host)")
                    + prop("summary.hardware.cpuModel", "xsd:string", "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz")
                    + #"<propSet><name>parent</name><val XMLSchema-instance:type="ManagedObjectReference" xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" type="ClusterComputeResource">domain-c7</val></propSet></objects>"#
            }
            xml += #"<objects><obj type="ClusterComputeResource">domain-c7</obj>"# + prop("name", "xsd:string", "cluster-muc")
                + #"<propSet><name>summary</name><val xsi:type="ClusterComputeResourceSummary"><currentEVCModeKey>intel-cascadelake</currentEVCModeKey></val></propSet>"#
                + prop("configuration.dasConfig.enabled", "xsd:boolean", "true") + "</objects></returnval>"
            return ok(request, "RetrievePropertiesEx", xml)
        }
        var xml = "<returnval>"
        for object in objects {
            guard let vm = vms.first(where: { $0.ref == object.text }) else { continue }
            xml += #"<objects><obj type="VirtualMachine">\#(vm.ref)</obj>"# + prop("name", "xsd:string", vm.name)
                + prop("config.hardware.numCPU", "xsd:int", String(vm.numCPU))
                + prop("runtime.powerState", "VirtualMachinePowerState", "poweredOff")
                + #"<propSet><name>runtime.host</name><val xsi:type="ManagedObjectReference" type="HostSystem">\#(vm.host)</val></propSet>"#
            if let role = vm.ftRole {
                xml += #"<propSet><name>config.ftInfo</name><val xsi:type="FaultToleranceConfigInfo"><role>\#(role)</role></val></propSet>"#
            }
            xml += #"<missingSet><path>guest.net</path><fault><fault xsi:type="NoPermission"><privilegeId>System.Read</privilegeId></fault></fault></missingSet>"#
            xml += "</objects>"
        }
        return ok(request, "RetrievePropertiesEx", xml + "</returnval>")
    }

    /// One page of names; the rest is kept under a new token.
    private func page(_ request: HTTPRequest, _ method: String, _ list: [VM]) -> HTTPResponse {
        let head = list.prefix(pageSize), rest = Array(list.dropFirst(pageSize))
        var xml = "<returnval>"
        if !rest.isEmpty {
            let token = "token-\(pages.count + tokens.count + 1)"
            pages[token] = rest
            xml += "<token>\(token)</token>"
        }
        for vm in head {
            xml += #"<objects><obj type="VirtualMachine">\#(vm.ref)</obj>"# + prop("name", "xsd:string", vm.name) + "</objects>"
        }
        return ok(request, method, xml + "</returnval>")
    }

    private func prop(_ name: String, _ type: String, _ value: String) -> String {
        #"<propSet><name>\#(name)</name><val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="\#(type)">\#(XMLWriter.escape(value, inAttribute: false))</val></propSet>"#
    }

    private func ok(_ request: HTTPRequest, _ method: String, _ content: String) -> HTTPResponse {
        envelope(request, 200, #"<\#(method)Response xmlns="urn:vim25">\#(content)</\#(method)Response>"#)
    }

    private func fault(_ request: HTTPRequest, _ type: String, _ message: String) -> HTTPResponse {
        envelope(request, 500, #"<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>\#(message)</faultstring><detail><\#(type)Fault xmlns="urn:vim25" xsi:type="\#(type)"></\#(type)Fault></detail></soapenv:Fault>"#)
    }

    private func envelope(_ request: HTTPRequest, _ status: Int, _ body: String) -> HTTPResponse {
        let xml = #"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>\#(body)</soapenv:Body></soapenv:Envelope>"#
        return HTTPResponse(status: status, headers: ["Content-Type": "text/xml"], body: Data(xml.utf8), url: request.url)
    }
}
