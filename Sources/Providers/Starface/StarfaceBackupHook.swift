import Foundation
import Spec

/// Starts a STARFACE backup through the admin's `backupHook` (STARFACE documents no API for
/// it), or says exactly what to do by hand when there is none.
struct StarfaceBackupHook: Sendable {
    /// What the hook is told about the backup wanted.
    struct Request: Sendable, Encodable {
        var instance: String
        var provider: String
        var target: String?
        var starface: String
        var requestedBy = "sfreconcile"
    }

    let hook: BackupHook
    let provider: String
    let options: StarfaceOptions

    /// The sentence an admin needs when nothing can start the backup for them.
    static func manualInstruction(target: String?) -> String {
        "In the STARFACE admin UI open Admin → Server → Backup and start a backup now"
            + (target.map { " (target \($0))" } ?? "")
            + ", then check that a new .sar file arrives on the target"
    }

    /// Runs the hook once.
    func run(_ request: Request) async throws(ProviderError) -> ActionOutcome {
        if let command = hook.command {
            return try await runCommand(command, request)
        }
        if let http = hook.http {
            return try await call(http, request)
        }
        throw ProviderError(.configuration, "the backup hook has neither command nor http",
                            advice: Self.manualInstruction(target: request.target), provider: provider)
    }

    // MARK: command

    /// The hook program's environment: a minimal one (the controller's secrets stay out of
    /// it, and so out of anything it prints) plus what it needs to know.
    func environment(for request: Request) -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "TMPDIR"] {
            if let value = options.environment[name] { environment[name] = value }
        }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        environment["SFRECONCILE_INSTANCE"] = request.instance
        environment["SFRECONCILE_PROVIDER"] = request.provider
        environment["SFRECONCILE_TARGET"] = request.target ?? ""
        environment["SFRECONCILE_STARFACE_URL"] = request.starface
        return environment
    }

    private func runCommand(_ command: [String], _ request: Request) async throws(ProviderError) -> ActionOutcome {
        let program = command.first ?? ""
        let result: ProcessResult
        let runner = ProcessRunner(timeout: timeout, maxOutputBytes: max(options.maxHookOutputBytes, 1 << 20),
                                   maxErrorBytes: options.maxHookOutputBytes)
        do throws(ProcessRunner.LaunchError) {
            result = try await runner.run(command, environment: environment(for: request))
        } catch {
            throw ProviderError(.configuration, "the backup hook \(error.description)",
                                advice: "write backupHook.command as [/path/to/program, arguments…], a program the controller's user may run",
                                provider: provider)
        }
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        let manual = Self.manualInstruction(target: request.target)
        if result.timedOut {
            throw ProviderError(.timeout, "the backup hook \(program) did not finish within \(hook.timeout) and was stopped",
                                advice: "make the hook return once the backup has started (not finished), or raise backupHook.timeout; "
                                    + "meanwhile: " + manual, provider: provider)
        }
        guard result.succeeded else {
            let how = result.signalled ? "was killed by signal \(result.status)" : "exited with status \(result.status)"
            let said = ProcessRunner.lastLines(result.stderr.isEmpty ? stdout : result.stderr, 3)
            throw ProviderError(.unavailable, "the backup hook \(program) \(how)" + (said.isEmpty ? "" : ": \(said)"),
                                advice: "fix the hook (run it by hand with the SFRECONCILE_* variables set); meanwhile: " + manual,
                                provider: provider)
        }
        let said = ProcessRunner.lastLines(stdout, 1, limit: 200)
        return .changed("started a STARFACE backup of \(request.instance) with \(program) (exit 0)" + (said.isEmpty ? "" : ": \(said)"))
    }

    private var timeout: Duration { .seconds(max(1, hook.timeout.seconds)) }

    // MARK: HTTP

    private func call(_ http: HTTPHook, _ request: Request) async throws(ProviderError) -> ActionOutcome {
        let url: String
        var headers: HTTPHeaders = ["Accept": "application/json, */*"]
        do throws(SecretReference.ResolutionError) {
            url = try http.url.resolve(environment: options.environment).reveal()
            for header in http.headers {
                headers.set(header.name, try header.value.resolve(environment: options.environment).reveal())
            }
        } catch {
            throw ProviderError(.configuration, "backup hook: \(error.description)",
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        var body: Data?
        if http.method != .GET {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            body = try? encoder.encode(request)
            headers.set("Content-Type", "application/json")
        }
        let configuration = HTTPClientConfiguration(
            tls: .init(http.tls), connectTimeout: min(.seconds(10), timeout), requestTimeout: timeout,
            maxResponseBytes: 1 << 20, proxy: .environment(options.environment), userAgent: "sfreconcile (STARFACE backup hook)")
        let shown = Self.shownURL(http.url, resolved: url)
        let response: HTTPResponse
        do throws(HTTPError) {
            let client = try HTTPClient(configuration: configuration, warn: { _ in })
            response = try await client.send(HTTPRequest(method: http.method.rawValue, url: url, headers: headers, body: body))
        } catch {
            var failure = ProviderError(error, provider: provider)
            failure.message = "backup hook \(http.method.rawValue) \(shown): \(error.message)"
            failure.advice += "; meanwhile: " + Self.manualInstruction(target: request.target)
            throw failure
        }
        guard response.isSuccess else {
            var failure = RESTResponses.error(for: response, "backup hook \(http.method.rawValue) \(shown)", provider: provider)
            failure.advice = "check the hook's URL, headers and the service behind it; meanwhile: " + Self.manualInstruction(target: request.target)
            throw failure
        }
        return .changed("started a STARFACE backup of \(request.instance) with \(http.method.rawValue) \(shown) (HTTP \(response.status))")
    }

    /// The URL as it may be shown: scheme, host and path only, and only the reference's name
    /// when the URL itself is a secret.
    static func shownURL(_ url: SecretOrText, resolved: String) -> String {
        if case .secret(let reference) = url { return "the URL in \(reference)" }
        guard var components = URLComponents(string: resolved) else { return "the hook URL" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "the hook URL"
    }
}
