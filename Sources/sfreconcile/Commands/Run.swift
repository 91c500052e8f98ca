import ArgumentParser
import Controller
import Foundation
import Logging
import Server
import ServiceLifecycle

extension SFReconcile {
    /// `sfreconcile run`: the controller as a service — the reconcile loop and the HTTP
    /// surface in one `ServiceGroup`, stopped gracefully by SIGTERM or SIGINT.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the controller: reconcile on an interval, on new commits and on push webhooks; serve status and metrics.",
            discussion: """
                Follows a spec in a Git repository (--repo, --ref, --path) or a folder, reconciles at start, \
                every --interval seconds (with jitter), when a poll every --source-interval seconds or a \
                verified push webhook finds a new commit, and when `POST /api/v1/reconcile` asks. Applies \
                only what policy allows (auto actions; `approve` ones after `sfreconcile approve`; disruptive \
                ones in a maintenance window), never for a suspended instance. A commit with an invalid spec \
                is reported and the last good spec stays in use. Serves /healthz, /readyz, /metrics, \
                /api/v1/status, /api/v1/reconcile and /hooks/git. SIGTERM or SIGINT finishes the reconcile \
                in flight and exits 0. See docs/operations.md.
                """
        )

        @OptionGroup
        var source: SpecSourceOptions

        @OptionGroup(title: "State store")
        var state: StateOptions

        @Option(help: ArgumentHelp("Where the HTTP endpoint listens (port 0 picks a free one).", valueName: "HOST:PORT"))
        var listen = "127.0.0.1:9480"

        @Option(name: .customLong("api-token-env"), help: ArgumentHelp(
            "An environment variable holding the bearer token `POST /api/v1/reconcile` requires (without it that endpoint is off).",
            valueName: "NAME"))
        var apiTokenEnvironment: String?

        @Option(name: .customLong("webhook-secret-env"), help: ArgumentHelp(
            "An environment variable holding the push webhooks' shared secret (without it /hooks/git refuses every request).",
            valueName: "NAME"))
        var webhookSecretEnvironment: String?

        @Option(help: ArgumentHelp("The forge sending webhooks: github, gitlab, gitea or generic (default: told by the request's signature header).",
                                   valueName: "FORGE"))
        var forge: String?

        @Option(help: ArgumentHelp("Seconds between reconciles when nothing else triggers one.", valueName: "SECONDS"))
        var interval = 300.0

        @Option(name: .customLong("source-interval"), help: ArgumentHelp("Seconds between polls of the Git repository.", valueName: "SECONDS"))
        var sourceInterval = 60.0

        @Option(name: .customLong("retry-interval"), help: ArgumentHelp(
            "Seconds before the first retry after a failed reconcile (doubling, at most --interval).", valueName: "SECONDS"))
        var retryInterval = 10.0

        @Option(help: ArgumentHelp("The fraction (0 to 1) of each wait that is random.", valueName: "FRACTION"))
        var jitter = 0.1

        @Option(name: .customLong("log-format"), help: "Log lines on standard error: logfmt or json.")
        var logFormat = "logfmt"

        @Option(name: .customLong("shutdown-timeout"), help: ArgumentHelp(
            "Seconds a graceful shutdown may take before the process is cancelled.", valueName: "SECONDS"))
        var shutdownTimeout = 60.0

        mutating func validate() throws {
            if interval <= 0 || sourceInterval <= 0 || retryInterval <= 0 || shutdownTimeout <= 0 {
                throw ValidationError("--interval, --source-interval, --retry-interval and --shutdown-timeout must be positive")
            }
            if !(0...1).contains(jitter) { throw ValidationError("--jitter must be between 0 and 1") }
            if LineLogHandler.Format(rawValue: logFormat) == nil { throw ValidationError("--log-format must be logfmt or json") }
            if let forge, GitForge(rawValue: forge) == nil {
                throw ValidationError("--forge must be one of \(GitForge.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            _ = try RunListenAddress(parsing: listen)
        }
    }
}

extension SFReconcile.Run {
    func run() async throws {
        let format = LineLogHandler.Format(rawValue: logFormat) ?? .logfmt
        let logger = Logger(label: "sfreconcile") { LineLogHandler(label: $0, format: format) }
        let environment = ProcessInfo.processInfo.environment
        let address = try RunListenAddress(parsing: listen)
        let store = try state.open()

        let gitSource: GitSource?
        let specSource: ControllerSpecSource
        switch try source.source() {
        case .git(let configuration):
            let git = GitSource(configuration: configuration)
            gitSource = git
            specSource = .git(git)
        case .directory(let path):
            gitSource = nil
            specSource = .directory(path)
        }

        let metrics = ControllerMetrics()
        let reconciler = ControllerReconciler(source: specSource, store: store, metrics: metrics, environment: environment,
                                              logger: logger)
        let loop = ReconcileLoop(
            configuration: ReconcileLoopConfiguration(interval: .seconds(interval), retryInterval: .seconds(retryInterval),
                                                      sourceInterval: .seconds(sourceInterval), jitter: jitter),
            reconciler: reconciler, source: gitSource)
        let endpoints = LiveControllerEndpoints(
            loop: loop, reconciler: reconciler, source: gitSource, store: store, metrics: metrics,
            webhook: WebhookSettings(secret: try secret(webhookSecretEnvironment, environment), forge: forge.flatMap(GitForge.init(rawValue:))),
            logger: logger)
        let documents = StatusRecorder(endpoints: endpoints, documents: ControllerDocuments(store: store), logger: logger)
        await loop.observe { status in
            guard status.runningSince == nil else { return }
            logger.info("reconciled", metadata: StatusRecorder.metadata(status))
            Task { await documents.save() }
        }
        let http = ControllerHTTPServer.service(
            endpoints: endpoints,
            configuration: HTTPEndpointConfiguration(host: address.host, port: address.port,
                                                     apiToken: try secret(apiTokenEnvironment, environment)),
            logger: logger,
            onRunning: { port in logger.notice("listening", metadata: ["address": "\(address.host):\(port)"]) })

        var configuration = ServiceGroupConfiguration(
            services: [.init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup),
                       .init(service: http, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(shutdownTimeout)
        logger.notice("starting", metadata: ["version": "\(SFReconcileVersion.current)", "state": "\(store.directory)"])
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            logger.error("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        await reconciler.saveAlertState()
        await documents.save()
        logger.notice("stopped")
    }

    /// The value of the environment variable `name`, or nil when no name was given.
    private func secret(_ name: String?, _ environment: [String: String]) throws -> String? {
        guard let name else { return nil }
        guard let value = environment[name], !value.isEmpty else {
            throw ValidationError("the environment variable \(name) is not set or empty")
        }
        return value
    }
}
