import Foundation
import Spec

/// A Veeam Backup & Replication server over its REST API (port 9419): observes backup jobs
/// by name — mode (from `storage.advancedSettings.backupModeType`), schedule interval,
/// covered VMs, last run and result, last successful run, next run — for VMB-1/VMB-2, and
/// starts a job. See docs/providers.md for the role the account needs.
///
/// Observation: every page of `/api/v1/jobs` and `/api/v1/jobs/states` is read once per
/// observation, then one `/api/v1/sessions` query per job asked about. A job of that name
/// missing is `absent`; failures are `unknown` with the reason.
public struct VeeamProvider: Provider {
    public let name: String
    public var type: ProviderSettings.Kind { .veeam }
    public let settings: VeeamSettings
    public let options: VeeamOptions
    public let capabilities = ProviderCapabilities(observes: [.backupJob], performs: [.startBackupJob])
    private let client: VeeamClient
    private let httpConfiguration: HTTPClientConfiguration
    private let transportFailure: HTTPError?

    public init(name: String, settings: VeeamSettings, options: VeeamOptions = VeeamOptions()) {
        self.name = name
        self.settings = settings
        self.options = options
        let configuration = HTTPClientConfiguration.provider(
            tls: settings.endpoint.tls, timeout: settings.timeout, maxResponseBytes: options.maxResponseBytes,
            environment: options.environment, userAgent: "sfreconcile (Veeam provider)")
        httpConfiguration = configuration
        let setup = ProviderTransport(injected: options.transport, configuration: configuration)
        let transport = setup.transport
        transportFailure = setup.failure
        client = VeeamClient(provider: name, url: settings.endpoint.url.text, username: settings.endpoint.username,
                             password: settings.endpoint.password, apiVersion: settings.apiVersion, transport: transport, options: options)
    }

    public var warnings: [String] { httpConfiguration.warnings }

    /// Password logins and token refreshes so far (tests and metrics).
    public func tokenRequests() async -> (logins: Int, refreshes: Int) {
        (await client.logins, await client.refreshes)
    }

    // MARK: observe

    public func observe(_ refs: [ResourceRef]) async -> [ResourceRef: Observation] {
        var observations: [ResourceRef: Observation] = [:]
        var wanted: [ResourceRef] = []
        for ref in refs {
            if ref.kind == .backupJob, ref.provider == name {
                wanted.append(ref)
            } else {
                observations[ref] = .unknown(ProviderError(.unsupported, "the Veeam provider observes backup jobs, not \(ref.kind.rawValue)",
                                                           advice: "point the spec at a provider of the right type", provider: name, resource: ref))
            }
        }
        guard !wanted.isEmpty else { return observations }
        let inventory: (jobs: [VeeamModels.Job], states: [VeeamModels.JobState])
        do throws(ProviderError) {
            inventory = try await readInventory()
        } catch {
            return observations.merging(unknown(wanted, error)) { first, _ in first }
        }
        let client = self.client, name = self.name
        let results = await wanted.concurrentMap(limit: options.maxConcurrentRequests) { ref -> (ResourceRef, Observation) in
            let matches = inventory.jobs.filter { $0.name == ref.name }
            guard let job = matches.first else { return (ref, .absent) }
            guard matches.count == 1 else {
                return (ref, .unknown(ProviderError(.configuration, "\(matches.count) Veeam jobs are named \"\(ref.name)\"",
                                                    advice: "rename all but one; the spec names jobs by name", provider: name, resource: ref)))
            }
            do throws(ProviderError) {
                let lastSuccess = try await Self.lastSuccess(of: job.id, client: client)
                let state = VeeamJobMapping.state(job: job, state: inventory.states.first { $0.id == job.id }, lastSuccess: lastSuccess)
                return (ref, .present(.backupJob(state)))
            } catch {
                return (ref, .unknown(error.attributed(provider: name, resource: ref)))
            }
        }
        for (ref, observation) in results { observations[ref] = observation }
        return observations
    }

    /// Every job and every job state, all pages of each.
    private func readInventory() async throws(ProviderError) -> (jobs: [VeeamModels.Job], states: [VeeamModels.JobState]) {
        if let transportFailure { throw ProviderError(transportFailure, provider: name) }
        let client = self.client
        async let statesResult = Self.capture { () async throws(ProviderError) -> [VeeamModels.JobState] in
            try await client.all(VeeamModels.JobState.self, "/api/v1/jobs/states")
        }
        let jobs = try await client.all(VeeamModels.Job.self, "/api/v1/jobs")
        let states = try await statesResult.get()
        return (jobs, states)
    }

    /// The end of the job's newest successful session, from `/api/v1/sessions`.
    static func lastSuccess(of jobID: String, client: VeeamClient) async throws(ProviderError) -> Date? {
        let path = "/api/v1/sessions?jobIdFilter=\(RESTResponses.percentEncode(jobID))&resultFilter=Success&orderColumn=EndTime&orderAsc=false"
        let what = "GET /api/v1/sessions"
        let response = try await client.send("GET", path + "&skip=0&limit=20")
        guard response.isSuccess else { throw RESTResponses.error(for: response, what, provider: client.provider) }
        let page = try RESTResponses.decode(VeeamModels.Page<VeeamModels.Session>.self, from: response, what, provider: client.provider)
        // Filters are checked again here, in case a server revision ignores one of them.
        return page.data.filter { ($0.jobId.map { $0 == jobID } ?? true) && $0.result?.result?.lowercased() == "success" }
            .compactMap { $0.endTime.flatMap(Timestamp.parse) }
            .max()
    }

    private static func capture<T: Sendable>(_ body: () async throws(ProviderError) -> T) async -> Result<T, ProviderError> {
        do throws(ProviderError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    // MARK: perform

    public func perform(_ action: ProviderAction) async throws(ProviderError) -> ActionOutcome {
        let ref = action.target
        guard case .startBackupJob = action, ref.provider == name, ref.kind == .backupJob else {
            throw ProviderError(.unsupported, "the Veeam provider cannot \(action)", provider: name, resource: ref)
        }
        do throws(ProviderError) {
            return try await startJob(named: ref.name)
        } catch {
            throw error.attributed(provider: name, resource: ref)
        }
    }

    /// Starts the job unless it is running already (then nothing changes).
    private func startJob(named jobName: String) async throws(ProviderError) -> ActionOutcome {
        let inventory = try await readInventory()
        let matches = inventory.jobs.filter { $0.name == jobName }
        guard let job = matches.first else {
            throw ProviderError(.notFound, "Veeam has no job named \"\(jobName)\"", advice: "check backups.vm.job in the spec", provider: name)
        }
        guard matches.count == 1 else {
            throw ProviderError(.configuration, "\(matches.count) Veeam jobs are named \"\(jobName)\"", provider: name)
        }
        if job.isDisabled == true {
            throw ProviderError(.precondition, "the Veeam job \"\(jobName)\" is disabled", advice: "enable the job in the Veeam console first",
                                provider: name)
        }
        if let status = inventory.states.first(where: { $0.id == job.id })?.status?.lowercased(), ["running", "working", "starting"].contains(status) {
            return .unchanged("the Veeam job \"\(jobName)\" is already running")
        }
        let path = "/api/v1/jobs/\(RESTResponses.percentEncode(job.id))/start"
        let response = try await client.send("POST", path, body: Data(#"{"performActiveFull":false}"#.utf8))
        guard response.isSuccess else {
            throw RESTResponses.error(for: response, "POST \(path)", provider: name)
        }
        let session = try? JSONDecoder().decode(VeeamModels.Session.self, from: response.body)
        return .changed("started the Veeam job \"\(jobName)\"" + (session?.id.map { " (session \($0))" } ?? ""))
    }

    /// Ends the API session.
    public func close() async {
        await client.logout()
    }
}

/// Turns Veeam's job and job-state models into `BackupJobState`.
enum VeeamJobMapping {
    static func state(job: VeeamModels.Job, state: VeeamModels.JobState?, lastSuccess: Date?) -> BackupJobState {
        var result = BackupJobState(name: job.name)
        result.id = job.id
        result.mode = mode(job.storage?.advancedSettings)
        result.enabled = job.isDisabled.map { !$0 } ?? state?.status.map { $0.lowercased() != "disabled" }
        result.lastRun = state?.lastRun.flatMap(Timestamp.parse)
        result.lastResult = state?.lastResult.map(self.result)
        result.nextRun = state?.nextRun.flatMap(Timestamp.parse)
        result.lastSuccess = lastSuccess
        result.interval = interval(job.schedule)
        result.vms = job.virtualMachines?.includes?.compactMap(\.displayName) ?? []
        return result
    }

    /// `ReverseIncremental` → reverse incremental; `Incremental` → forward incremental, or
    /// forever-forward when neither synthetic nor active fulls are scheduled; anything else
    /// as Veeam writes it, first letter lowercased.
    static func mode(_ settings: VeeamModels.AdvancedSettings?) -> BackupJobMode? {
        guard let raw = settings?.backupModeType else { return nil }
        switch raw.lowercased() {
        case "reverseincremental": return .reverseIncremental
        case "incremental":
            let fulls = (settings?.syntheticFulls?.isEnabled ?? false) || (settings?.activeFulls?.isEnabled ?? false)
            return fulls ? .forwardIncremental : .foreverForwardIncremental
        default:
            return BackupJobMode(rawValue: raw.prefix(1).lowercased() + raw.dropFirst())
        }
    }

    static func result(_ raw: String) -> BackupJobResult {
        switch raw.lowercased() {
        case "success": return .success
        case "warning": return .warning
        case "failed": return .failed
        case "none": return .none
        default: return BackupJobResult(rawValue: raw.lowercased())
        }
    }

    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The longest time between two scheduled runs; nil when the job does not run by itself
    /// or its schedule type has no fixed interval (continuous, after another job).
    static func interval(_ schedule: VeeamModels.Schedule?) -> TimeSpan? {
        guard let schedule, schedule.runAutomatically ?? false else { return nil }
        if let periodically = schedule.periodically, periodically.isEnabled == true, let frequency = periodically.frequency, frequency > 0 {
            switch periodically.periodicallyKind?.lowercased() {
            case "hours": return .hours(frequency)
            case "minutes": return .minutes(frequency)
            case "seconds": return .seconds(frequency)
            case "days": return .days(frequency)
            default: return nil
            }
        }
        if let daily = schedule.daily, daily.isEnabled == true {
            switch daily.dailyKind?.lowercased() {
            case "everyday", nil: return .days(1)
            case "weekdays": return .days(3)   // Friday to Monday
            default:
                let days = Set((daily.days ?? []).compactMap { weekdays.firstIndex(of: $0.lowercased()) }).sorted()
                guard let first = days.first else { return nil }
                let gaps = zip(days, days.dropFirst() + [first + 7]).map { $1 - $0 }
                return .days(gaps.max() ?? 7)
            }
        }
        if schedule.monthly?.isEnabled == true { return .days(31) }
        return nil
    }
}
