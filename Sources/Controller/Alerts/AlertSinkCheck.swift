import Foundation
import Providers
import Spec

/// `sfreconcile notify --test`: sends one test alert, then its resolution, to each sink of a
/// spec, so an admin sees that every sink is reachable and accepted what it was given.
public enum AlertSinkCheck {
    /// The outcome per sink, in spec order.
    /// - Parameters:
    ///   - sinks: the spec's `alerts`.
    ///   - only: the one sink to test; all when nil.
    ///   - environment: where `${env:…}` secret references are read.
    /// - Throws: `AlertSinkFactory.SetupError` when a sink's secret cannot be read.
    public static func run(_ sinks: [AlertSink], only: String? = nil,
                           environment: [String: String]) async throws(AlertSinkFactory.SetupError) -> [AlertSinkStatus] {
        let chosen = sinks.filter { only == nil || $0.name == only }
        let configured = try AlertSinkFactory.make(chosen, environment: environment)
        let dispatcher = AlertDispatcher(
            sinks: configured,
            options: .init(retry: RetryPolicy(maxAttempts: 2, initialDelay: .seconds(1), maxDelay: .seconds(2))))
        await dispatcher.sendTestAlert()
        await dispatcher.drain()
        return await dispatcher.sinkStatuses()
    }

    /// One line per sink: `ok    ops (alertmanager)` or `FAIL  mail (smtp): <error — advice>`.
    public static func render(_ statuses: [AlertSinkStatus]) -> String {
        if statuses.isEmpty { return "No alert sinks to test (the spec's `alerts:` list is empty or names none).\n" }
        return statuses.map { status in
            status.lastError == nil && status.failed == 0
                ? "ok    \(status.name) (\(status.kind)): test alert sent and resolved\n"
                : "FAIL  \(status.name) (\(status.kind)): \(status.lastError ?? "not delivered")\n"
        }.joined()
    }
}
