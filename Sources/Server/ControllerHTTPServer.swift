import Controller
import Foundation
import Hummingbird
import Logging
import NIOCore
import Providers
import ServiceLifecycle

/// The HTTP surface of `sfreconcile run`: `/healthz`, `/readyz`, `/metrics`,
/// `/api/v1/status`, `POST /api/v1/reconcile` (bearer token) and `POST /hooks/git`. The
/// application is a swift-service-lifecycle `Service`, run in the same `ServiceGroup` as the
/// reconcile loop.
public enum ControllerHTTPServer {
    /// The HTTP server serving `endpoints`, as a `Service` for the run command's `ServiceGroup`.
    /// - Parameters:
    ///   - endpoints: the controller behind the routes.
    ///   - configuration: address, port, API token, body limit.
    ///   - logger: where the server logs (nil: swift-log's default handler).
    ///   - onRunning: called with the bound port once the server listens (port 0 picks one).
    public static func service(
        endpoints: any ControllerEndpoints, configuration: HTTPEndpointConfiguration,
        logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> any Service {
        Application(
            router: router(endpoints: endpoints, configuration: configuration),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "sfreconcile"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The routes, apart from the server, so each can be read on its own.
    static func router(endpoints: any ControllerEndpoints, configuration: HTTPEndpointConfiguration) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in text("ok\n") }
        router.get("/readyz") { _, _ in
            if let reason = await endpoints.notReadyReason() { return text("not ready: \(reason)\n", status: .serviceUnavailable) }
            return text("ready\n")
        }
        router.get("/metrics") { _, _ in
            text(await endpoints.metricsText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/api/v1/status") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(data: await endpoints.statusJSON())))
        }
        router.post("/api/v1/reconcile") { request, _ in
            guard let token = configuration.apiToken else {
                return text("the reconcile API is off: give `run` an API token (--api-token-env)\n", status: .forbidden)
            }
            guard BearerToken.matches(authorization: request.headers[.authorization], expected: token) else {
                return text("missing or wrong bearer token\n", status: .unauthorized,
                            extra: [.wwwAuthenticate: "Bearer realm=\"sfreconcile\""])
            }
            await endpoints.requestReconcile(.request)
            return text("reconcile requested\n", status: .accepted)
        }
        router.post("/hooks/git") { request, _ in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: configuration.maxBodyBytes)
            } catch {
                return text("body larger than \(configuration.maxBodyBytes) bytes\n", status: .contentTooLarge)
            }
            var headers = Providers.HTTPHeaders()
            for field in request.headers { headers.add(field.name.rawName, field.value) }
            switch await endpoints.receivePush(headers: headers, body: Data(buffer: body)) {
            case .accepted(let message): return text(message + "\n", status: .accepted)
            case .ignored(let message): return text(message + "\n", status: .ok)
            case .rejected(let message): return text(message + "\n", status: .unauthorized)
            }
        }
        return router
    }

    private static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8",
                             extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
