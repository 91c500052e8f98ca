import Foundation
import Spec

/// What a PowerShell script run over WinRM produced.
struct PowerShellResult: Sendable {
    var stdout: Data
    /// Standard error made readable (CLIXML decoded).
    var stderr: String
    var exitCode: Int
}

/// Runs PowerShell scripts on a Windows host over WinRM (WS-Management over HTTPS, port
/// 5986): Create a shell, Command `powershell -EncodedCommand`, Receive until the command
/// is Done (asking again after the receive-timeout fault), Signal it to terminate, Delete
/// the shell. Authenticates with NTLM, Negotiate or Basic through libcurl; refuses plain
/// HTTP, where WinRM would need message encryption this client does not do.
///
/// One libcurl client per `WinRMClient`, made on first use (the password is read then), so
/// NTLM-authenticated connections are reused from one script to the next.
actor WinRMClient {
    nonisolated let provider: String
    nonisolated let url: String
    nonisolated let settings: HyperVSettings
    nonisolated let options: HyperVOptions
    private var http: HTTPClient?
    nonisolated let limit: ConcurrencyLimit

    init(provider: String, settings: HyperVSettings, options: HyperVOptions) {
        self.provider = provider
        self.settings = settings
        self.options = options
        self.url = settings.endpoint.url.text
        self.limit = ConcurrencyLimit(options.maxConcurrentShells)
    }

    /// Why this endpoint cannot be used at all (plain HTTP), or nil.
    nonisolated var endpointProblem: ProviderError? {
        guard url.lowercased().hasPrefix("https://") else {
            return ProviderError(.configuration, "WinRM over \(url.prefix { $0 != ":" })://: sfreconcile speaks WinRM over HTTPS only",
                                 advice: "use https://<host>:5986/wsman and enable the HTTPS listener on the host "
                                     + "(winrm quickconfig -transport:https); plain HTTP would need WinRM message encryption",
                                 provider: provider)
        }
        return nil
    }

    /// Runs `script` and returns its output. Scripts are read-only or idempotent, so a
    /// transient failure runs the whole exchange again under the retry policy.
    func run(_ script: String) async throws(ProviderError) -> PowerShellResult {
        if let endpointProblem { throw endpointProblem }
        return try await runLimited(script, client: try httpClient())
    }

    nonisolated private func runLimited(_ script: String, client: HTTPClient) async throws(ProviderError) -> PowerShellResult {
        let retry = options.retry
        return try await limit.run { () async throws(ProviderError) -> PowerShellResult in
            // A script that ran past the provider's timeout is not run again: it is slow, not
            // unlucky, and a retry would only multiply the wait.
            let outcome = try await retry.run(idempotent: true) { () async throws(ProviderError) -> Result<PowerShellResult, ProviderError> in
                do throws(ProviderError) {
                    return .success(try await self.exchange(script, client: client))
                } catch where error.kind == .timeout && error.message.hasPrefix(Self.scriptTimeoutMarker) {
                    return .failure(error)
                }
            }
            return try outcome.get()
        }
    }

    /// The shell protocol for one script.
    nonisolated private func exchange(_ script: String, client: HTTPClient) async throws(ProviderError) -> PowerShellResult {
        let operationTimeout = options.operationTimeoutSeconds
        let created = try await call(WSManEnvelope.create(to: url, operationTimeout: operationTimeout), "Create", client: client)
        guard let shellID = WSManEnvelope.shellID(in: created) else {
            throw ProviderError(.protocol, "the WinRM Create answer names no ShellId", provider: provider)
        }
        var commandID: String?
        do throws(ProviderError) {
            let encoded = PowerShellScript.encode(script)
            let started = try await call(WSManEnvelope.command(to: url, shellID: shellID, command: "powershell",
                                                               arguments: ["-NoProfile", "-NonInteractive", "-EncodedCommand", encoded],
                                                               operationTimeout: operationTimeout), "Command", client: client)
            guard let id = WSManEnvelope.commandID(in: started) else {
                throw ProviderError(.protocol, "the WinRM Command answer names no CommandId", provider: provider)
            }
            commandID = id
            let result = try await receiveAll(shellID: shellID, commandID: id, client: client)
            await cleanUp(shellID: shellID, commandID: id, client: client)
            return result
        } catch {
            await cleanUp(shellID: shellID, commandID: commandID, client: client)
            throw error
        }
    }

    /// Receive until the command is Done; the receive-timeout fault means "nothing yet".
    nonisolated private func receiveAll(shellID: String, commandID: String, client: HTTPClient) async throws(ProviderError) -> PowerShellResult {
        let deadline = ContinuousClock.now + .seconds(max(1, settings.timeout.seconds))
        var stdout = Data(), stderr = Data()
        while true {
            if ContinuousClock.now > deadline {
                throw ProviderError(.timeout, "\(Self.scriptTimeoutMarker) within \(settings.timeout)",
                                    advice: "check the host's load, or raise the provider's timeout", provider: provider)
            }
            let answer: XMLTreeElement
            do throws(ProviderError) {
                answer = try await call(WSManEnvelope.receive(to: url, shellID: shellID, commandID: commandID,
                                                              operationTimeout: options.operationTimeoutSeconds), "Receive", client: client)
            } catch let error where error.kind == .timeout && error.message.hasPrefix(Self.receiveTimeoutMarker) {
                continue
            }
            guard let received = WSManEnvelope.received(in: answer) else {
                throw ProviderError(.protocol, "the WinRM Receive answer is not a ReceiveResponse with base64 streams", provider: provider)
            }
            stdout.append(received.stdout)
            stderr.append(received.stderr)
            if stdout.count + stderr.count > options.maxOutputBytes {
                throw ProviderError(.protocol, "the PowerShell script wrote more than \(options.maxOutputBytes) bytes", provider: provider)
            }
            if received.done {
                return PowerShellResult(stdout: stdout, stderr: CLIXML.readable(stderr), exitCode: received.exitCode ?? 0)
            }
        }
    }

    private static let receiveTimeoutMarker = "WinRM receive timeout"
    private static let scriptTimeoutMarker = "the PowerShell script did not finish"

    /// Signal terminate and Delete the shell; failures only leave a shell the host removes
    /// after its idle timeout, so they are ignored.
    nonisolated private func cleanUp(shellID: String, commandID: String?, client: HTTPClient) async {
        let timeout = options.operationTimeoutSeconds
        if let commandID {
            _ = try? await call(WSManEnvelope.signal(to: url, shellID: shellID, commandID: commandID, operationTimeout: timeout), "Signal", client: client)
        }
        _ = try? await call(WSManEnvelope.delete(to: url, shellID: shellID, operationTimeout: timeout), "Delete", client: client)
    }

    /// One WS-Management exchange: the body content of the answer, or a typed error.
    nonisolated private func call(_ envelope: Data, _ what: String, client: HTTPClient) async throws(ProviderError) -> XMLTreeElement {
        let request = HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/soap+xml;charset=UTF-8"], body: envelope)
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(request)
        } catch {
            throw ProviderError(error, provider: provider)
        }
        switch response.status {
        case 401:
            throw ProviderError(.auth, "the WinRM service refused the \(settings.auth.rawValue) login (HTTP 401)",
                                advice: "check username (DOMAIN\\user) and the password secret, and that the account is in the "
                                    + "host's Hyper-V Administrators and Remote Management Users groups", provider: provider)
        case 403:
            throw ProviderError(.permission, "the WinRM service answered 403 to \(what)", provider: provider)
        case 200, 400, 500:
            break
        case 502, 503, 504:
            throw ProviderError(.unavailable, "the WinRM service answered HTTP \(response.status) to \(what)", provider: provider)
        default:
            throw ProviderError(.protocol, "the WinRM service answered HTTP \(response.status) to \(what)"
                                    + (RESTResponses.snippet(response.body).map { ": \($0)" } ?? ""), provider: provider)
        }
        let root: XMLTreeElement
        do throws(XMLParseError) {
            root = try XMLTreeParser().parse(response.body)
        } catch {
            throw ProviderError(.protocol, "the WinRM answer to \(what) (HTTP \(response.status)) is not XML (\(error.description)): "
                                    + (RESTResponses.snippet(response.body) ?? "empty"), provider: provider)
        }
        guard let content = WSManEnvelope.body(of: root) else {
            throw ProviderError(.protocol, "the WinRM answer to \(what) is not a SOAP 1.2 envelope", provider: provider)
        }
        if let fault = WSManEnvelope.fault(in: content) {
            if what == "Receive", fault.isReceiveTimeout {
                throw ProviderError(.timeout, "\(Self.receiveTimeoutMarker): \(fault)", provider: provider)
            }
            let denied = fault.subcode.hasSuffix("AccessDenied") || fault.code == "5"
            throw ProviderError(denied ? .permission : .protocol, "\(what): \(fault)",
                                advice: denied ? "the account may not open a remote shell; add it to Remote Management Users" : nil,
                                provider: provider)
        }
        guard response.status == 200 else {
            throw ProviderError(.protocol, "the WinRM service answered HTTP \(response.status) to \(what) without a fault", provider: provider)
        }
        return content
    }

    private func httpClient() throws(ProviderError) -> HTTPClient {
        if let http { return http }
        var configuration = HTTPClientConfiguration.provider(
            tls: settings.endpoint.tls, timeout: .seconds(options.operationTimeoutSeconds + 15), maxResponseBytes: options.maxOutputBytes,
            environment: options.environment, userAgent: "sfreconcile (Hyper-V provider)")
        configuration.compression = false
        do throws(SecretReference.ResolutionError) {
            let user = try settings.endpoint.username.resolve(environment: options.environment).reveal()
            let password = try settings.endpoint.password.resolve(environment: options.environment)
            let scheme: HTTPAuthentication.Scheme
            switch settings.auth {
            case .ntlm: scheme = .ntlm
            case .negotiate: scheme = .negotiate
            case .basic: scheme = .basic
            }
            configuration.authentication = HTTPAuthentication(scheme, username: user, password: password)
        } catch {
            throw ProviderError(.configuration, error.description,
                                advice: "set the secret on the controller host (see docs/spec.md, \"Secrets\")", provider: provider)
        }
        do throws(HTTPError) {
            let client = try HTTPClient(configuration: configuration, warn: { _ in })
            http = client
            return client
        } catch {
            throw ProviderError(error, provider: provider)
        }
    }
}

/// `powershell -EncodedCommand` takes the script as base64 of its UTF-16LE bytes.
enum PowerShellScript {
    static func encode(_ script: String) -> String {
        var bytes = Data()
        for unit in script.utf16 {
            bytes.append(UInt8(unit & 0xff))
            bytes.append(UInt8(unit >> 8))
        }
        return bytes.base64EncodedString()
    }
}
