import Foundation
import Providers
import Spec
import Testing
import TestSupport

/// The login scheme, pure.
@Suite("STARFACE login secret")
struct StarfaceLoginSecretTests {
    @Test("matches the test vector of PROVIDERS.md")
    func vector() {
        #expect(StarfaceLoginSecret.compute(loginId: "0001", password: "secret", nonce: "pds24hmip1ctbogn1l8ujvs5u4")
            == "0001:b2f16bb85bacaaf33751a8883f88808e086fd3e9b10efbe93ae435faef71879a267a1540c4d1bf26316c541983fbc7811015ea93a49eab0165b192e97f421bff")
    }

    @Test("depends on every input")
    func inputs() {
        let base = StarfaceLoginSecret.compute(loginId: "0001", password: "secret", nonce: "n1")
        #expect(base != StarfaceLoginSecret.compute(loginId: "0002", password: "secret", nonce: "n1"))
        #expect(base != StarfaceLoginSecret.compute(loginId: "0001", password: "Secret", nonce: "n1"))
        #expect(base != StarfaceLoginSecret.compute(loginId: "0001", password: "secret", nonce: "n2"))
        #expect(base.hasPrefix("0001:") && base.count == 5 + 128)
    }
}

/// Reading and comparing the version file's content.
@Suite("STARFACE version file")
struct StarfaceVersionFileTests {
    @Test("reads four-part versions", arguments: [
        ("8.1.0.11\n", "8.1.0.11"), ("7.1.1.6", "7.1.1.6"), ("  6.4.2.12 \r\n", "6.4.2.12"),
        ("version=8.0.0.5\n", "8.0.0.5"), ("STARFACE 9.0.1.2 (build 77)", "9.0.1.2"),
    ])
    func reads(text: String, expected: String) {
        #expect(StarfaceVersionFile.parse(text)?.description == expected)
    }

    @Test("refuses what is not a four-part version", arguments: ["", "8.1.0", "8.1.0.11.3", "eight", "8.1.x.11"])
    func refuses(text: String) {
        #expect(StarfaceVersionFile.parse(text) == nil)
    }

    @Test("compares numerically, part by part")
    func compares() throws {
        let a = try #require(StarfaceVersionFile.parse("8.1.0.9"))
        let b = try #require(StarfaceVersionFile.parse("8.1.0.11"))
        let c = try #require(StarfaceVersionFile.parse("10.0.0.0"))
        #expect(a < b && b < c)
    }
}

/// The STARFACE provider against a fake of its REST API written from PROVIDERS.md
/// (Fakes/starface_rest_fake.py), and a real OpenSSH server for the version file.
@Suite("STARFACE provider (fake REST API written from PROVIDERS.md, real sshd)", .serialized)
struct StarfaceProviderTests {
    static let ref = ResourceRef.starface("pbx-live")

    /// A provider for the fake at `fake`, with the password `secret` unless told otherwise.
    func provider(_ fake: Peer, password: String = "secret", timeout: Int = 10, ssh: SSHSettings? = nil,
                  hook: BackupHook? = nil, versionFile: String? = nil, retry: RetryPolicy = .never,
                  platform: Platform? = .vm) -> StarfaceProvider {
        var settings = StarfaceSettings()
        settings.url = EndpointURL(parsing: fake.baseURL)!
        settings.loginId = "0001"
        settings.password = .environment("TEST_PBX_PASSWORD")
        settings.timeout = .seconds(timeout)
        settings.ssh = ssh
        settings.backupHook = hook
        var options = StarfaceOptions(retry: retry, environment: ["TEST_PBX_PASSWORD": password, "PATH": "/usr/bin:/bin"])
        if let versionFile { options.versionFilePath = versionFile }
        return StarfaceProvider(name: "pbx-live", settings: settings, platform: platform, options: options)
    }

    func state(_ observation: Observation?) -> StarfaceSystemState? {
        if case .present(.starface(let state))? = observation { return state }
        return nil
    }

    @Test("logs in once and reuses the token for later observations; reports liveness and platform")
    func tokenReuse() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let pbx = provider(fake, platform: .appliance)
        for _ in 0..<3 {
            let state = try #require(state(await pbx.observe([Self.ref])[Self.ref]))
            #expect(state.reachable)
            #expect(state.platform == .appliance)
        }
        let stats = try await fake.stats()
        #expect(stats["logins"] == 1)
        #expect(stats["users_me"] == 3)
        #expect(stats["missing_version_header"] == 0)
        #expect(await pbx.loginCount() == 1)
        await pbx.close()
        #expect(try await fake.stats()["logouts"] == 1)
    }

    @Test("logs in again after a 401 (expired token) and answers")
    func reloginAfterExpiry() async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--expire-after", "1"])
        defer { fake.stop() }
        let pbx = provider(fake)
        #expect(state(await pbx.observe([Self.ref])[Self.ref]) != nil)
        #expect(state(await pbx.observe([Self.ref])[Self.ref]) != nil)
        let stats = try await fake.stats()
        #expect(stats["logins"] == 2)
        #expect(stats["users_me"] == 3)   // one refused with 401, then the retry with the new token
    }

    @Test("bad credentials: unknown with an auth reason, after a single attempt")
    func badCredentials() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let observation = await provider(fake, password: "wrong", retry: .standard).observe([Self.ref])[Self.ref]
        let error = try #require(observation?.error)
        #expect(error.kind == .auth)
        #expect(error.message.contains("refused the login of 0001"))
        #expect(error.resource == Self.ref && error.provider == "pbx-live")
        #expect(!error.description.contains("wrong"))   // the password never shows
        #expect(try await fake.stats()["bad_secrets"] == 1)
    }

    @Test("HTTP 500 from /rest/users/me: unknown, naming the status")
    func serverError() async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--users-me-status", "500"])
        defer { fake.stop() }
        let error = try #require(await provider(fake).observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .protocol)
        #expect(error.message.contains("GET /rest/users/me answered HTTP 500"))
    }

    @Test("HTTP 503 is retried, then unknown as unavailable")
    func unavailable() async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--users-me-status", "503"])
        defer { fake.stop() }
        let retry = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        let error = try #require(await provider(fake, retry: retry).observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .unavailable)
        #expect(try await fake.stats()["users_me"] == 3)
    }

    @Test("a PBX that does not answer in time: unknown as a timeout")
    func timeout() async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--slow", "60"])
        defer { fake.stop() }
        let started = ContinuousClock.now
        let error = try #require(await provider(fake, timeout: 1).observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(30))   // the client gave up; the fake would answer after 60 s
    }

    @Test("answers that are not the documented JSON: unknown as a protocol error", arguments: ["users", "login", "nonce"])
    func garbage(_ where: String) async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--garbage", `where`])
        defer { fake.stop() }
        let error = try #require(await provider(fake).observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .protocol)
        #expect(error.message.contains("did not answer with the documented JSON"))
    }

    @Test("nothing listening: unknown as unreachable")
    func unreachable() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        fake.stop()
        let error = try #require(await provider(fake).observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .unreachable)
    }

    @Test("an unset password secret: unknown as a configuration error naming the reference")
    func missingSecret() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        var settings = StarfaceSettings()
        settings.url = EndpointURL(parsing: fake.baseURL)!
        settings.loginId = "0001"
        settings.password = .environment("UNSET_PBX_PASSWORD")
        let pbx = StarfaceProvider(name: "pbx-live", settings: settings, options: StarfaceOptions(retry: .never, environment: [:]))
        let error = try #require(await pbx.observe([Self.ref])[Self.ref]?.error)
        #expect(error.kind == .configuration)
        #expect(error.message.contains("${env:UNSET_PBX_PASSWORD}"))
    }

    @Test("without ssh settings the version is unreadable, with why; liveness is still present")
    func noSSH() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let state = try #require(state(await provider(fake).observe([Self.ref])[Self.ref]))
        #expect(state.version == nil)
        #expect(state.unreadable?["version"]?.contains("no ssh settings") == true)
        #expect(state.unreadable?["licence"] != nil && state.unreadable?["backup_schedule"] != nil)
    }

    @Test("other resource kinds are unknown, never absent")
    func otherKinds() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let other = ResourceRef.vm("x", on: "pbx-live")
        let observation = await provider(fake).observe([other])[other]
        #expect(observation?.error?.kind == .unsupported)
    }

    // MARK: version over SFTP

    func ssh(_ server: SSHServer, key: String? = nil, knownHosts: String? = nil) -> SSHSettings {
        var ssh = SSHSettings()
        ssh.host = "127.0.0.1"
        ssh.port = server.port
        ssh.user = server.user
        ssh.keyFile = key ?? server.clientKey
        ssh.knownHostsFile = knownHosts ?? server.knownHosts
        return ssh
    }

    @Test("reads the version file over SFTP with key login and a checked host key")
    func versionOverSFTP() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let server = try SSHServer.start()
        defer { server.stop() }
        try server.write("var/starface/fs-interface/version", "8.1.0.11\n")
        let pbx = provider(fake, ssh: ssh(server), versionFile: server.path("var/starface/fs-interface/version"))
        let state = try #require(state(await pbx.observe([Self.ref])[Self.ref]))
        #expect(state.version == StarfaceVersion(8, 1, 0, 11))
        #expect(state.unreadable?["version"] == nil)
        #expect(pbx.warnings.isEmpty)
    }

    @Test("SFTP problems leave the version unreadable with the reason", arguments: ["host key", "login", "missing", "garbage"])
    func versionProblems(_ problem: String) async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let server = try SSHServer.start()
        defer { server.stop() }
        try server.write("var/starface/fs-interface/version", problem == "garbage" ? "<html>oops</html>\n" : "8.1.0.11\n")
        var settings = ssh(server)
        var path = server.path("var/starface/fs-interface/version")
        var expected = ""
        switch problem {
        case "host key":
            settings.knownHostsFile = try server.wrongKnownHosts()
            expected = "host key"
        case "login":
            settings.keyFile = try server.strangerKey()
            expected = "login refused"
        case "missing":
            path = server.path("nowhere/version")
            expected = "no such file"
        default:
            expected = "holds no four-part STARFACE version"
        }
        let pbx = provider(fake, ssh: settings, versionFile: path)
        let state = try #require(state(await pbx.observe([Self.ref])[Self.ref]))
        #expect(state.version == nil)
        let reason = try #require(state.unreadable?["version"])
        #expect(reason.contains(expected), "\(reason)")
    }

    @Test("without knownHostsFile the host key is not checked, and the provider says so")
    func noKnownHosts() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let server = try SSHServer.start()
        defer { server.stop() }
        try server.write("var/starface/fs-interface/version", "7.1.1.6\n")
        var settings = ssh(server)
        settings.knownHostsFile = nil
        let pbx = provider(fake, ssh: settings, versionFile: server.path("var/starface/fs-interface/version"))
        #expect(state(await pbx.observe([Self.ref])[Self.ref])?.version == StarfaceVersion(7, 1, 1, 6))
        #expect(pbx.warnings.contains { $0.contains("host key") && $0.contains("not verified") })
    }

    // MARK: triggerBackup

    static let action = ProviderAction.triggerBackup(starface: ref, instance: "pbx-main", target: "s3-offsite")

    @Test("without a hook: refused, with what to do in the STARFACE admin UI")
    func noHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let pbx = provider(fake)
        #expect(!pbx.capabilities.canPerform(.triggerBackup))
        let error = try await #require(throws: ProviderError.self) { try await pbx.perform(Self.action) }
        #expect(error.kind == .unsupported)
        #expect(error.advice.contains("In the STARFACE admin UI open Admin → Server → Backup and start a backup now (target s3-offsite)"))
        #expect(StarfaceProvider.manualBackupInstruction(target: "s3-offsite").contains("(target s3-offsite)"))
    }

    /// An executable script in a temporary folder.
    func script(_ body: String) throws -> (path: String, folder: URL) {
        let folder = try RepositoryPaths.temporaryDirectory("hook")
        let path = folder.appendingPathComponent("hook.sh").path
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return (path, folder)
    }

    @Test("a command hook runs with the instance and target in its environment, and no controller secrets")
    func commandHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let (path, folder) = try script("env > \"$(dirname \"$0\")/env.txt\"\necho \"backup queued for $SFRECONCILE_INSTANCE\"\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        var hook = BackupHook()
        hook.command = [path, "--now"]
        let pbx = provider(fake, hook: hook)
        #expect(pbx.capabilities.canPerform(.triggerBackup))
        let outcome = try await pbx.perform(Self.action)
        #expect(outcome.changed)
        #expect(outcome.message.contains("backup queued for pbx-main"))
        let environment = try String(contentsOf: folder.appendingPathComponent("env.txt"), encoding: .utf8)
        #expect(environment.contains("SFRECONCILE_INSTANCE=pbx-main"))
        #expect(environment.contains("SFRECONCILE_TARGET=s3-offsite"))
        #expect(environment.contains("SFRECONCILE_PROVIDER=pbx-live"))
        #expect(environment.contains("SFRECONCILE_STARFACE_URL=\(fake.baseURL)"))
        #expect(!environment.contains("TEST_PBX_PASSWORD"))
    }

    @Test("a failing command hook: an error with its status, its message and the manual step")
    func failingHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let (path, folder) = try script("echo 'starting' \necho 'no route to the PBX' >&2\nexit 3\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        var hook = BackupHook()
        hook.command = [path]
        let error = try await #require(throws: ProviderError.self) { try await provider(fake, hook: hook).perform(Self.action) }
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("exited with status 3"))
        #expect(error.message.contains("no route to the PBX"))
        #expect(error.advice.contains("Admin → Server → Backup"))
    }

    @Test("a hook that runs too long is stopped and reported as a timeout")
    func slowHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        let (path, folder) = try script("sleep 30\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        var hook = BackupHook()
        hook.command = [path]
        hook.timeout = .seconds(1)
        let started = ContinuousClock.now
        let error = try await #require(throws: ProviderError.self) { try await provider(fake, hook: hook).perform(Self.action) }
        #expect(error.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(20))   // stopped, not waited for (30 s)
    }

    @Test("a hook program that does not exist is a configuration error")
    func missingProgram() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        var hook = BackupHook()
        hook.command = ["/nonexistent/start-backup"]
        let error = try await #require(throws: ProviderError.self) { try await provider(fake, hook: hook).perform(Self.action) }
        #expect(error.kind == .configuration)
    }

    @Test("an HTTP hook posts the instance and target with its secret header")
    func httpHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py")
        defer { fake.stop() }
        var http = HTTPHook()
        http.url = .text(fake.baseURL + "/_hook?token=abc")
        var header = HookHeader()
        header.name = "Authorization"
        header.value = .secret(.environment("TEST_PBX_PASSWORD"))
        http.headers = [header]
        var hook = BackupHook()
        hook.http = http
        let outcome = try await provider(fake, hook: hook).perform(Self.action)
        #expect(outcome.changed)
        #expect(outcome.message.contains("HTTP 202"))
        #expect(!outcome.message.contains("token=abc"))   // the query may hold a token: not shown
        let calls = try #require(try await fake.json("/_hook") as? [[String: Any]])
        #expect(calls.count == 1)
        let headers = calls[0]["headers"] as? [String: String] ?? [:]
        #expect(headers["Authorization"] == "secret")
        let body = try JSONSerialization.jsonObject(with: Data((calls[0]["body"] as? String ?? "").utf8)) as? [String: Any]
        #expect(body?["instance"] as? String == "pbx-main")
        #expect(body?["target"] as? String == "s3-offsite")
    }

    @Test("an HTTP hook answering 500 is an error with the manual step")
    func failingHTTPHook() async throws {
        let fake = try Peer.fake("starface_rest_fake.py", ["--hook-status", "500"])
        defer { fake.stop() }
        var http = HTTPHook()
        http.url = .text(fake.baseURL + "/_hook")
        var hook = BackupHook()
        hook.http = http
        let error = try await #require(throws: ProviderError.self) { try await provider(fake, hook: hook).perform(Self.action) }
        #expect(error.message.contains("HTTP 500"))
        #expect(error.advice.contains("Admin → Server → Backup"))
    }
}
