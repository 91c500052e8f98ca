import Foundation
import Spec

/// A STARFACE PBX: liveness and credentials over the REST API (`/rest/users/me`), the
/// installed version from `/var/starface/fs-interface/version` over SFTP (the REST API has
/// no version resource), the platform from the spec. Starts backups through the admin's
/// `backupHook`. See docs/providers.md.
///
/// Observation: `present` when the REST API accepted the login and answered; `unknown` with
/// the reason (unreachable, refused credentials, timeouts, HTTP errors, answers that are not
/// the documented JSON) otherwise. A version that cannot be read leaves `version` nil and
/// says why in `unreadable["version"]`; licence and backup schedule are not offered by any
/// STARFACE API and are reported unreadable as well.
public struct StarfaceProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .starface }
    public let settings: StarfaceSettings
    /// What the spec says the PBX runs on (from the instances that reference it).
    public let platform: Platform?
    public let options: StarfaceOptions
    public let capabilities: ProviderCapabilities
    private let rest: StarfaceRESTClient
    private let httpConfiguration: HTTPClientConfiguration
    private let transportFailure: HTTPError?

    /// - Parameters:
    ///   - name: the provider's name in the spec.
    ///   - settings: its settings; secrets are resolved when first needed.
    ///   - platform: vm, appliance or cloud, as the spec's instances declare it.
    ///   - options: tuning; `options.environment` supplies secrets and proxy variables.
    public init(name: String, settings: StarfaceSettings, platform: Platform? = nil, options: StarfaceOptions = StarfaceOptions()) {
        self.name = name
        self.settings = settings
        self.platform = platform
        self.options = options
        capabilities = ProviderCapabilities(observes: [.starface], performs: settings.backupHook == nil ? [] : [.triggerBackup])
        let configuration = HTTPClientConfiguration.provider(
            tls: settings.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, userAgent: "sfreconcile (STARFACE provider)")
        httpConfiguration = configuration
        let setup = ProviderTransport(injected: options.transport, configuration: configuration)
        let transport = setup.transport
        transportFailure = setup.failure
        rest = StarfaceRESTClient(provider: name, url: settings.url.text, loginId: settings.loginId, password: settings.password,
                                  transport: transport, options: options)
    }

    public var warnings: [String] {
        var warnings = httpConfiguration.warnings
        if let ssh = settings.ssh, ssh.knownHostsFile == nil {
            warnings.append("SSH host key of \(ssh.host) is not verified (no ssh.knownHostsFile): anyone on the network path can "
                + "impersonate the PBX; set knownHostsFile to a file holding its key (ssh-keyscan -p \(ssh.port) \(ssh.host))")
        }
        return warnings
    }

    /// The sentence an admin needs to start a STARFACE backup by hand (for alerts when no
    /// hook is configured).
    public static func manualBackupInstruction(target: String?) -> String {
        StarfaceBackupHook.manualInstruction(target: target)
    }

    /// Logins to the REST API so far (one per token; tests and metrics).
    public func loginCount() async -> Int { await rest.logins }

    // MARK: observe

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var wanted: [ResourceRef] = []
        for ref in refs {
            if ref.kind == .starface, ref.provider == name {
                wanted.append(ref)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "the STARFACE provider observes STARFACE systems, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type", provider: name, resource: ref))
            }
        }
        guard !wanted.isEmpty else { return observations }
        async let version = readVersion()
        let liveness: ProviderError?
        do throws(ProviderError) {
            try await checkLiveness()
            liveness = nil
        } catch {
            liveness = error
        }
        let (installed, versionProblem) = await version
        let observation: Observation
        if let liveness {
            observation = .unknown(liveness)
        } else {
            var unreadable = [
                "licence": "no STARFACE API offers the licence (PLT-1 checks need it from another source)",
                "backup_schedule": "no STARFACE API offers the backup schedule (Admin → Server → Backup; BAK-3 cannot be observed)",
            ]
            if let versionProblem { unreadable["version"] = versionProblem }
            observation = .present(.starface(StarfaceSystemState(reachable: true, version: installed, platform: platform,
                                                                 unreadable: unreadable)))
        }
        for ref in wanted {
            if case .unknown(let error) = observation {
                observations[ref] = .unknown(error.attributed(provider: name, resource: ref))
            } else {
                observations[ref] = observation
            }
        }
        return observations
    }

    /// `GET /rest/users/me`: the PBX answers and accepts the credentials.
    private func checkLiveness() async throws(ProviderError) {
        if let transportFailure { throw ProviderError(transportFailure, provider: name) }
        let response = try await rest.send("GET", "/users/me")
        guard response.isSuccess else {
            throw RESTResponses.error(for: response, "GET /rest/users/me", provider: name)
        }
        _ = try RESTResponses.decode(CurrentUser.self, from: response, "GET /rest/users/me", provider: name)
    }

    /// The fields of `/rest/users/me` relied on: that it is a user object.
    private struct CurrentUser: Decodable {
        var id: StringOrNumber?
        var login: String?
    }

    /// The installed version, or why it could not be read.
    private func readVersion() async -> (StarfaceVersion?, String?) {
        guard let ssh = settings.ssh else {
            return (nil, "no ssh settings: the STARFACE REST API has no version resource, so the version is read from "
                + "\(options.versionFilePath) over SFTP; add ssh: { host, user, keyFile } to provider \(name)")
        }
        let path = options.versionFilePath
        do throws(ProviderError) {
            let configuration = try SFTPConfiguration(ssh, timeout: settings.timeout, environment: options.environment, provider: name)
            let client = SFTPClient(configuration: configuration)
            let data = try await options.retry.run { () async throws(ProviderError) -> Data in
                do throws(SFTPError) {
                    return try await client.read(path)
                } catch {
                    throw ProviderError(error, server: configuration.description, provider: name)
                }
            }
            let text = String(decoding: data, as: UTF8.self)
            guard let version = StarfaceVersionFile.parse(text) else {
                return (nil, "\(path) holds no four-part STARFACE version (it reads \"\(RESTResponses.snippet(data) ?? "")\")")
            }
            return (version, nil)
        } catch {
            return (nil, error.description)
        }
    }

    // MARK: perform

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let ref = action.target
        guard case .triggerBackup(_, let instance, let target) = action, ref.provider == name, ref.kind == .starface else {
            throw ProviderError(.unsupported, "the STARFACE provider cannot \(action)", provider: name, resource: ref)
        }
        guard let hook = settings.backupHook else {
            throw ProviderError(.unsupported,
                                "STARFACE has no API to start a backup, and provider \(name) has no backupHook",
                                advice: StarfaceBackupHook.manualInstruction(target: target)
                                    + "; or configure backupHook (a command or an HTTP call) to let sfreconcile start it",
                                provider: name, resource: ref)
        }
        let runner = StarfaceBackupHook(hook: hook, provider: name, options: options)
        do throws(ProviderError) {
            return try await runner.run(.init(instance: instance, provider: name, target: target, starface: settings.url.text))
        } catch {
            throw error.attributed(provider: name, resource: ref)
        }
    }

    /// Ends the REST session (`DELETE /rest/login`).
    public func close() async {
        await rest.logout()
    }
}

/// A JSON value that may be written as a string or a number (ids).
struct StringOrNumber: Decodable, Sendable, Hashable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let number = try? container.decode(Int.self) {
            self.text = String(number)
        } else {
            self.text = String(try container.decode(Double.self))
        }
    }
}
