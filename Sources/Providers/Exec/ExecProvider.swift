import Foundation
import Spec

/// Tuning of exec providers that the spec does not expose.
public struct ExecOptions: Sendable {
    /// Largest answer read from the program's standard output.
    public var maxOutputBytes: Int
    /// How much of the end of its standard error is kept for error messages.
    public var maxErrorBytes: Int
    /// The controller's environment; the program gets only PATH, HOME, LANG, LC_ALL, TZ,
    /// USER, LOGNAME and TMPDIR from it, plus `SFRECONCILE_PROVIDER`.
    public var environment: [String: String]

    public init(maxOutputBytes: Int = 16 << 20, maxErrorBytes: Int = 16 << 10,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.maxOutputBytes = maxOutputBytes
        self.maxErrorBytes = maxErrorBytes
        self.environment = environment
    }
}

/// A provider written by the admin: a program that reads one JSON request on standard
/// input and writes one JSON answer on standard output (docs/exec-protocol.md).
///
/// One run per `observe` (all refs in one request) and one per action. The program's
/// failures — a non-zero exit, a timeout, too much output, an answer that is not JSON or
/// speaks another protocol version, a ref left unanswered — make the resources `unknown`
/// with the reason and the end of its standard error; they never make anything `absent`.
public struct ExecProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .exec }
    public let settings: ExecSettings
    public let options: ExecOptions
    /// An exec program may answer for any kind and carry out any action; it says
    /// `unsupported` for what it cannot.
    public let capabilities = ProviderCapabilities(observes: Set(ResourceKind.allCases), performs: Set(ProviderAction.Kind.allCases))

    public init(name: String, settings: ExecSettings, options: ExecOptions = ExecOptions()) {
        self.name = name
        self.settings = settings
        self.options = options
    }

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        guard !refs.isEmpty else { return [:] }
        let response: ExecProtocol.Response
        do throws(ProviderError) {
            response = try await exchange(.observe(refs, provider: name))
        } catch {
            return unknown(refs, error)
        }
        guard let answers = response.observations else {
            return unknown(refs, ProviderError(.protocol, "the answer to observe has no \"observations\" object",
                                               advice: Self.protocolAdvice, provider: name))
        }
        var observations: [ResourceRef: Observation] = [:]
        for ref in refs {
            guard let answer = answers[ref.description] else {
                observations[ref] = .unknown(ProviderError(.protocol, "the program did not answer for \(ref)",
                                                           advice: "answer every address of the request's refs", provider: name, resource: ref))
                continue
            }
            observations[ref] = observation(answer, for: ref)
        }
        return observations
    }

    private func observation(_ answer: ExecProtocol.ExecObservation, for ref: ResourceRef) -> Observation {
        switch answer.status {
        case "present":
            guard let state = answer.state else {
                return .unknown(ProviderError(.protocol, "\"present\" without a \"state\"", advice: Self.protocolAdvice,
                                              provider: name, resource: ref))
            }
            guard state.kind == ref.kind else {
                return .unknown(ProviderError(.protocol, "the state's kind is \(state.kind.rawValue), the ref's \(ref.kind.rawValue)",
                                              advice: Self.protocolAdvice, provider: name, resource: ref))
            }
            return .present(state)
        case "absent":
            return .absent
        case "unknown":
            let error = answer.error?.providerError(provider: name, resource: ref)
                ?? ProviderError(.protocol, "\"unknown\" without an \"error\"", advice: Self.protocolAdvice, provider: name, resource: ref)
            return .unknown(error)
        default:
            return .unknown(ProviderError(.protocol, "status \"\(answer.status)\" is not present, absent or unknown",
                                          advice: Self.protocolAdvice, provider: name, resource: ref))
        }
    }

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let ref = action.target
        do throws(ProviderError) {
            let response = try await exchange(.perform(action, provider: name))
            guard let outcome = response.outcome else {
                throw ProviderError(.protocol, "the answer to perform has no \"outcome\" object", advice: Self.protocolAdvice)
            }
            return ActionOutcome(changed: outcome.changed, message: outcome.message)
        } catch {
            throw error.attributed(provider: name, resource: ref)
        }
    }

    static let protocolAdvice = "fix the exec provider program; docs/exec-protocol.md describes what it must answer"

    /// Runs the program with `request` and reads its answer; an answer carrying `error`
    /// throws it.
    func exchange(_ request: ExecProtocol.Request) async throws(ProviderError) -> ExecProtocol.Response {
        let input: Data
        do {
            input = try JSONEncoder().encode(request)
        } catch {
            throw ProviderError(.protocol, "the request could not be encoded: \(error)", provider: name)
        }
        let program = settings.command.first ?? "(no command)"
        let runner = ProcessRunner(timeout: .seconds(max(1, settings.timeout.seconds)), maxOutputBytes: options.maxOutputBytes,
                                   maxErrorBytes: options.maxErrorBytes)
        let result: ProcessResult
        do throws(ProcessRunner.LaunchError) {
            result = try await runner.run(settings.command, environment: environment, input: input)
        } catch {
            throw ProviderError(.configuration, "the exec provider \(error.description)",
                                advice: "write command as [/absolute/path/to/program, arguments…], executable by the controller's user",
                                provider: name)
        }
        let said = ProcessRunner.lastLines(result.stderr, 3)
        let stderrNote = said.isEmpty ? "" : "; stderr: \(said)"
        if result.timedOut {
            throw ProviderError(.timeout, "\(program) did not answer within \(settings.timeout) and was stopped\(stderrNote)",
                                advice: "make the program faster or raise the provider's timeout", provider: name)
        }
        if result.outputExceeded {
            throw ProviderError(.protocol, "\(program) wrote more than \(options.maxOutputBytes) bytes and was stopped\(stderrNote)",
                                advice: Self.protocolAdvice, provider: name)
        }
        guard result.succeeded else {
            let how = result.signalled ? "was killed by signal \(result.status)" : "exited with status \(result.status)"
            throw ProviderError(.unavailable, "\(program) \(how)\(stderrNote)",
                                advice: "run the program by hand with the request on its standard input (docs/exec-protocol.md)", provider: name)
        }
        let response: ExecProtocol.Response
        do {
            response = try ObservedJSON.makeDecoder().decode(ExecProtocol.Response.self, from: result.stdout)
        } catch {
            let snippet = RESTResponses.snippet(result.stdout) ?? "nothing"
            throw ProviderError(.protocol, "\(program) answered something that is not the protocol's JSON (\(Self.describe(error))): \(snippet)\(stderrNote)",
                                advice: Self.protocolAdvice, provider: name)
        }
        guard response.protocol == ExecProtocol.version else {
            throw ProviderError(.unsupported, "\(program) speaks protocol \(response.protocol.map { "\"\($0)\"" } ?? "(none given)"), "
                                    + "this version of sfreconcile \"\(ExecProtocol.version)\"",
                                advice: "answer with \"protocol\": \"\(ExecProtocol.version)\" and the fields docs/exec-protocol.md lists",
                                provider: name)
        }
        if let error = response.error {
            throw error.providerError(provider: name, resource: nil)
        }
        return response
    }

    /// The program's environment: a few harmless variables of the controller's, and the
    /// provider's name. No secrets are passed.
    var environment: [String: String] {
        var environment: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "TMPDIR"] {
            if let value = options.environment[key] { environment[key] = value }
        }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        environment["SFRECONCILE_PROVIDER"] = name
        environment["SFRECONCILE_EXEC_PROTOCOL"] = ExecProtocol.version
        return environment
    }

    /// A decoding error in a sentence: which key, what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(context.debugDescription)\(path(context))"
        case .keyNotFound(let key, let context): return "\"\(key.stringValue)\" missing\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(context.debugDescription)\(path(context))"
        @unknown default: return "not JSON"
        }
    }
}
