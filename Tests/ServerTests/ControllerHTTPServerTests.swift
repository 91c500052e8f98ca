import Controller
import Foundation
import Providers
import Server
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// The HTTP surface of `sfreconcile run`, served live on 127.0.0.1 (port 0) and called with
/// sfreconcile's own libcurl client, with a recording controller behind it.
@Suite("Controller HTTP server")
struct ControllerHTTPServerTests {
    /// Records what the routes asked of the controller.
    actor RecordingEndpoints: ControllerEndpoints {
        var reconcileRequests: [ReconcileTrigger] = []
        var pushes: [(headers: HTTPHeaders, body: Data)] = []
        var ready: String? = "no reconcile finished yet"

        func statusJSON() async -> Data { Data(#"{"ready":false}"#.utf8) }
        func notReadyReason() async -> String? { ready }
        func metricsText() async -> String { "# TYPE sfreconcile_up gauge\nsfreconcile_up 1\n" }
        func requestReconcile(_ trigger: ReconcileTrigger) async { reconcileRequests.append(trigger) }
        func receivePush(headers: HTTPHeaders, body: Data) async -> PushReception {
            pushes.append((headers, body))
            if headers["x-hub-signature-256"] == "sha256=good" { return .accepted("fetching main") }
            if headers["X-Hub-Signature-256"] == "sha256=other-ref" { return .ignored("push to refs/heads/dev: not followed") }
            return .rejected("signature does not match")
        }
        func setReady(_ reason: String?) { ready = reason }
        func pushCount() -> Int { pushes.count }
        func lastPush() -> (headers: HTTPHeaders, body: Data)? { pushes.last }
    }

    /// Serves `endpoints` on a free loopback port for the duration of `body`.
    func serving(_ endpoints: RecordingEndpoints, token: String? = "s3cret-token",
                 _ body: @Sendable (_ base: String, _ client: HTTPClient) async throws -> Void) async throws {
        let port = PortBox()
        let service = ControllerHTTPServer.service(
            endpoints: endpoints, configuration: HTTPEndpointConfiguration(port: 0, apiToken: token, maxBodyBytes: 1024),
            onRunning: { await port.set($0) })
        let client = try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(10)))
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                let bound = try #require(await port.wait())
                try await body("http://127.0.0.1:\(bound)", client)
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    /// The status of a POST to `url`.
    func post(_ client: HTTPClient, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) async throws -> Int {
        try await client.send(HTTPRequest(method: "POST", url: url, headers: headers, body: body)).status
    }

    actor PortBox {
        var port: Int?
        func set(_ value: Int) { port = value }
        func wait() async -> Int? {
            for _ in 0..<1000 where port == nil { try? await Task.sleep(for: .milliseconds(10)) }
            return port
        }
    }

    @Test("healthz answers; readyz follows the controller's readiness")
    func health() async throws {
        let endpoints = RecordingEndpoints()
        try await serving(endpoints) { base, client in
            #expect(try await client.send(HTTPRequest(url: base + "/healthz")).status == 200)
            let notReady = try await client.send(HTTPRequest(url: base + "/readyz"))
            #expect(notReady.status == 503)
            #expect(String(decoding: notReady.body, as: UTF8.self).contains("no reconcile finished yet"))
            await endpoints.setReady(nil)
            #expect(try await client.send(HTTPRequest(url: base + "/readyz")).status == 200)
        }
    }

    @Test("metrics and status are served with their content types")
    func metricsAndStatus() async throws {
        try await serving(RecordingEndpoints()) { base, client in
            let metrics = try await client.send(HTTPRequest(url: base + "/metrics"))
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("sfreconcile_up 1"))
            let status = try await client.send(HTTPRequest(url: base + "/api/v1/status"))
            #expect(status.headers["content-type"] == "application/json")
            #expect(String(decoding: status.body, as: UTF8.self) == #"{"ready":false}"#)
        }
    }

    @Test("the reconcile API needs the bearer token; without a configured token it is off")
    func reconcileAPI() async throws {
        let endpoints = RecordingEndpoints()
        try await serving(endpoints) { base, client in
            let url = base + "/api/v1/reconcile"
            let status1 = try await post(client, url)
            #expect(status1 == 401)
            let status2 = try await post(client, url, headers: ["Authorization": "Bearer s3cret-tokeX"])
            #expect(status2 == 401)
            let status3 = try await post(client, url, headers: ["Authorization": "Bearer s3cret"])
            #expect(status3 == 401)
            let status4 = try await post(client, url, headers: ["Authorization": "Bearer s3cret-token"])
            #expect(status4 == 202)
        }
        #expect(await endpoints.reconcileRequests == [.request])
        let closed = RecordingEndpoints()
        try await serving(closed, token: nil) { base, client in
            let status5 = try await post(client, base + "/api/v1/reconcile", headers: ["Authorization": "Bearer anything"])
            #expect(status5 == 403)
        }
        #expect(await closed.reconcileRequests.isEmpty)
    }

    @Test("webhooks: accepted 202, other refs 200, forged 401, oversized 413; headers and body reach the controller")
    func hooks() async throws {
        let endpoints = RecordingEndpoints()
        try await serving(endpoints) { base, client in
            let url = base + "/hooks/git"
            let body = Data(#"{"ref":"refs/heads/main"}"#.utf8)
            let accepted = try await client.send(HTTPRequest(method: "POST", url: url, headers: ["X-Hub-Signature-256": "sha256=good"], body: body))
            #expect(accepted.status == 202)
            #expect(await endpoints.lastPush()?.body == body)
            #expect(await endpoints.lastPush()?.headers["X-Hub-Signature-256"] == "sha256=good")
            let status6 = try await post(client, url, headers: ["X-Hub-Signature-256": "sha256=other-ref"], body: body)
            #expect(status6 == 200)
            let status7 = try await post(client, url, body: body)
            #expect(status7 == 401)
            let status8 = try await post(client, url, body: Data(count: 4096))
            #expect(status8 == 413)
        }
        #expect(await endpoints.pushCount() == 3)
    }
}
