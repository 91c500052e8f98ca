import Foundation
@testable import Providers
import Spec
import Testing
import TestSupport

/// The libcurl client against Tests/TestSupport/http_test_server.py on loopback.
@Suite("HTTP client (libcurl)")
struct HTTPClientTests {
    static let server = Result { try TestHTTPServer() }
    static let tlsServer = Result { try TestHTTPServer(tls: true) }

    func client(_ configure: (inout HTTPClientConfiguration) -> Void = { _ in }) throws -> HTTPClient {
        var configuration = HTTPClientConfiguration(connectTimeout: .seconds(5), requestTimeout: .seconds(10))
        configure(&configuration)
        return try HTTPClient(configuration: configuration, warn: { _ in })
    }

    @Test("GET returns status, headers and body")
    func get() async throws {
        let server = try Self.server.get()
        let response = try await client().send(HTTPRequest(url: server.url("/hello")))
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(response.headers["x-test"] == "yes")
        #expect(response.headers["Content-Type"] == "text/plain")
    }

    @Test("POST and PUT send body and headers; no Expect: 100-continue", arguments: ["POST", "PUT"])
    func post(method: String) async throws {
        let server = try Self.server.get()
        let body = String(repeating: "ä<&>", count: 400_000)   // > 1 MB, where curl would add Expect
        let request = HTTPRequest(method: method, url: server.url("/echo"), headers: ["Content-Type": "text/xml", "X-Extra": "1"],
                                  body: Data(body.utf8))
        let response = try await client().send(request)
        let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let headers = echo?["headers"] as? [String: String]
        #expect(echo?["method"] as? String == method)
        #expect(echo?["body"] as? String == body)
        #expect(headers?["content-type"] == "text/xml")
        #expect(headers?["x-extra"] == "1")
        #expect(headers?["expect"] == nil)
    }

    @Test("an error status is a response, not an error")
    func errorStatus() async throws {
        let server = try Self.server.get()
        let response = try await client().send(HTTPRequest(url: server.url("/status/503")))
        #expect(response.status == 503)
        #expect(!response.isSuccess)
    }

    @Test("the request timeout stops a slow answer")
    func timeout() async throws {
        let server = try Self.server.get()
        await #expect {
            _ = try await client().send(HTTPRequest(url: server.url("/slow?ms=10000"), timeout: .milliseconds(300)))
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            // A timeout error (not the answer after 10 s) shows the transfer was stopped, not waited out.
            // The request went out, so it may have been carried out: not safe to resend blindly.
            return error.kind == .timeout && !error.requestWasNotSent && ProviderError(error).kind == .timeout
        }
    }

    @Test("a body over the size limit stops the transfer")
    func sizeLimit() async throws {
        let server = try Self.server.get()
        let small = try client { $0.maxResponseBytes = 1000 }
        #expect(try await small.send(HTTPRequest(url: server.url("/big?bytes=1000"))).body.count == 1000)
        await #expect {
            _ = try await small.send(HTTPRequest(url: server.url("/big?bytes=1001")))
        } throws: { ($0 as? HTTPError)?.kind == .tooLarge }
        await #expect {
            _ = try await small.send(HTTPRequest(url: server.url("/big?bytes=5000000")))
        } throws: { ($0 as? HTTPError)?.kind == .tooLarge }
    }

    @Test("redirects are returned unless following is on, and loops end")
    func redirects() async throws {
        let server = try Self.server.get()
        let plain = try await client().send(HTTPRequest(url: server.url("/redirect")))
        #expect(plain.status == 302)
        #expect(plain.headers["Location"] == "/hello")
        let following = try client { $0.maxRedirects = 3 }
        let followed = try await following.send(HTTPRequest(url: server.url("/redirect")))
        #expect(followed.status == 200)
        #expect(followed.text == "hello")
        #expect(followed.url.hasSuffix("/hello"))
        await #expect {
            _ = try await following.send(HTTPRequest(url: server.url("/redirect-loop")))
        } throws: { ($0 as? HTTPError)?.kind == .tooManyRedirects }
    }

    @Test("basic authentication: right credentials in, wrong ones refused")
    func basicAuth() async throws {
        let server = try Self.server.get()
        let anonymous = try await client().send(HTTPRequest(url: server.url("/basic")))
        #expect(anonymous.status == 401)
        let right = try client { $0.authentication = HTTPAuthentication(.basic, username: "alice", password: SecretValue("s3cret")) }
        #expect(try await right.send(HTTPRequest(url: server.url("/basic"))).text == "welcome alice")
        let wrong = try client { $0.authentication = HTTPAuthentication(.basic, username: "alice", password: SecretValue("guess")) }
        #expect(try await wrong.send(HTTPRequest(url: server.url("/basic"))).status == 401)
        // The password never shows in what could be logged.
        #expect(!"\(HTTPAuthentication(.basic, username: "alice", password: SecretValue("s3cret")))".contains("s3cret"))
    }

    @Test("cookies persist within a client, and only there")
    func cookies() async throws {
        let server = try Self.server.get()
        let jar = try client { $0.cookies = true }
        _ = try await jar.send(HTTPRequest(url: server.url("/cookie/set")))
        #expect(try await jar.send(HTTPRequest(url: server.url("/cookie/check"))).text == "session=abc123")
        let other = try client { $0.cookies = true }
        #expect(try await other.send(HTTPRequest(url: server.url("/cookie/check"))).text == "")
        let none = try client()
        _ = try await none.send(HTTPRequest(url: server.url("/cookie/set")))
        #expect(try await none.send(HTTPRequest(url: server.url("/cookie/check"))).text == "")
    }

    @Test("a refused connection is unreachable, and the request was not sent")
    func refused() async throws {
        let port = try Self.freePort()
        await #expect {
            _ = try await client().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            let provider = ProviderError(error, provider: "p")
            return error.kind == .couldNotConnect && error.requestWasNotSent && provider.kind == .unreachable && provider.isTransient
        }
    }

    @Test("only http and https URLs are accepted")
    func schemes() async throws {
        await #expect {
            _ = try await client().send(HTTPRequest(url: "file:///etc/passwd"))
        } throws: { ($0 as? HTTPError)?.kind == .invalidURL }
    }

    @Test("requests go through the configured proxy, except for no_proxy hosts")
    func proxy() async throws {
        let server = try Self.server.get()
        let proxied = try client { $0.proxy = .environment(["http_proxy": "http://127.0.0.1:\(server.port)"]) }
        let response = try await proxied.send(HTTPRequest(url: "http://pbx.example.invalid/rest/login"))
        #expect(response.text == "proxied http://pbx.example.invalid/rest/login")
        let bypass = try client {
            $0.proxy = .environment(["http_proxy": "http://127.0.0.1:1", "no_proxy": "localhost,127.0.0.1"])
        }
        #expect(try await bypass.send(HTTPRequest(url: server.url("/hello"))).text == "hello")
    }

    @Test("proxy variables are read as curl reads them")
    func proxyEnvironment() {
        let uppercaseHTTP = ProxyConfiguration.environment(["HTTP_PROXY": "http://cgi-injected:1"])
        #expect(uppercaseHTTP.proxy(forScheme: "http") == nil)   // httpoxy: HTTP_PROXY is ignored
        let all = ProxyConfiguration.environment(["ALL_PROXY": "http://all:3128", "HTTPS_PROXY": "http://secure:3128", "NO_PROXY": ".corp"])
        #expect(all.proxy(forScheme: "https") == "http://secure:3128")
        #expect(all.proxy(forScheme: "http") == "http://all:3128")
        #expect(all.noProxy == ".corp")
        #expect(ProxyConfiguration.environment([:]) == .direct)
    }

    @Test("TLS: verified by default, trusted with the CA file, skipped only when asked and then warned about")
    func tls() async throws {
        let server = try Self.tlsServer.get()
        let caFile = try #require(server.certificateFile)
        await #expect {
            _ = try await client().send(HTTPRequest(url: server.url("/hello")))
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.kind == .tls && ProviderError(error).kind == .tls && !ProviderError(error).isTransient
        }
        let trusting = try client { $0.tls = .init(caFile: caFile) }
        #expect(try await trusting.send(HTTPRequest(url: server.url("/hello"))).text == "hello")

        var warnings: [String] = []
        var insecure = HTTPClientConfiguration()
        insecure.tls = .init(TLSSettings.insecure)
        let lax = try HTTPClient(configuration: insecure, warn: { warnings.append($0) })
        #expect(try await lax.send(HTTPRequest(url: server.url("/hello"))).text == "hello")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("verification is off") == true)
        #expect(lax.warnings == warnings)
        #expect(try client().warnings.isEmpty)
    }

    @Test("cancelling the task stops the transfer")
    func cancellation() async throws {
        let server = try Self.server.get()
        let client = try client()
        let task = Task { try await client.send(HTTPRequest(url: server.url("/slow?ms=10000"))) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPError.self) { try result.get() }
        if case .failure(let error as HTTPError) = result { #expect(error.kind == .cancelled) }
    }

    @Test("transfers of one client run at the same time")
    func concurrent() async throws {
        let server = try Self.server.get()
        let client = try client { $0.requestTimeout = .seconds(30) }
        // The server answers "together" only once all eight wait at its gate at once.
        let group = UUID().uuidString
        let bodies = await (0..<8).concurrentMap(limit: 8) { _ in
            (try? await client.send(HTTPRequest(url: server.url("/gate?group=\(group)&n=8"))))?.text
        }
        #expect(bodies == Array(repeating: "together", count: 8))
    }

    /// A loopback port nothing listens on.
    static func freePort() throws -> Int {
        let server = try TestHTTPServer()
        let port = server.port
        server.stop()
        return port
    }
}

extension TLSSettings {
    static var insecure: TLSSettings {
        var settings = TLSSettings()
        settings.insecureSkipVerify = true
        return settings
    }
}
