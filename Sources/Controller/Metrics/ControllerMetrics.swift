import Foundation
import Prometheus
import Providers
import Spec
import Synchronization

/// The controller's Prometheus metrics (docs/metrics.md), kept in a registry handed in by
/// the caller; nothing is bootstrapped globally. `factory` gives a swift-metrics factory
/// over the same registry, for the `run` command to bootstrap once (so libraries that speak
/// swift-metrics, like the HTTP server, land on the same `/metrics`).
public final class ControllerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let reconcileDuration: DurationHistogram
    private let lastReconcile: Gauge
    private let state = Mutex(LabelledSeries())

    /// Gauges whose label sets come and go with the plan; those a new plan no longer has
    /// are unregistered, so stale series disappear from `/metrics`.
    private struct LabelledSeries {
        var findings: [[String]: Gauge] = [:]
        var alerts: [[String]: Gauge] = [:]
        var headroom: [[String]: Gauge] = [:]
        var providers: [[String]: Gauge] = [:]
    }

    /// - Parameter registry: where the metrics live; one per controller.
    /// Metrics in a registry of their own (what `sfreconcile run` serves).
    public convenience init() {
        self.init(registry: PrometheusCollectorRegistry())
    }

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        reconcileDuration = registry.makeDurationHistogram(
            descriptor: Self.name("reconcile_duration_seconds", "Time one reconcile took: observe, plan and dispatch."),
            buckets: [.milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
                      .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300)])
        lastReconcile = registry.makeGauge(
            descriptor: Self.name("last_reconcile_timestamp_seconds", "Unix time the last reconcile finished."), labels: [])
    }

    /// A swift-metrics factory writing into the same registry.
    public var factory: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// Records one finished reconcile.
    /// - Parameters:
    ///   - duration: how long it took.
    ///   - finishedAt: when it ended.
    ///   - outcome: `success`, `incomplete` or `error`.
    public func recordReconcile(duration: Duration, finishedAt: Date, outcome: String) {
        reconcileDuration.record(duration)
        lastReconcile.set(finishedAt.timeIntervalSince1970)
        registry.makeCounter(descriptor: Self.name("reconciles_total", "Reconciles run, by outcome."),
                             labels: [("outcome", outcome)]).increment()
    }

    /// Sets the plan-derived gauges: violated and unknown findings per rule and severity,
    /// firing alerts per severity, and RPO headroom per instance and scenario.
    public func record(_ plan: Plan) {
        var findings: [[String]: Int] = [:]
        for finding in plan.findings where finding.status != .satisfied {
            findings[[finding.rule.rawValue, finding.severity.rawValue, finding.status.rawValue], default: 0] += 1
        }
        var alerts: [[String]: Int] = [:]
        for severity in Severity.allCases { alerts[[severity.rawValue]] = 0 }
        for alert in plan.alerts { alerts[[alert.severity.rawValue], default: 0] += 1 }
        var headroom: [[String]: Double] = [:]
        for result in plan.scenarios {
            guard let objective = result.objective?.rpo, let achieved = result.rpo else { continue }
            headroom[[result.instance, result.scenario.description]] = Double(objective.seconds - achieved.seconds)
        }
        state.withLock { series in
            replace(&series.findings, with: findings.mapValues(Double.init), labels: ["rule", "severity", "status"],
                    descriptor: Self.name("findings", "Findings not satisfied (violated or unknown), by rule and severity."))
            replace(&series.alerts, with: alerts.mapValues(Double.init), labels: ["severity"],
                    descriptor: Self.name("alerts_firing", "Alerts the last plan raised, by severity."))
            replace(&series.headroom, with: headroom, labels: ["instance", "scenario"],
                    descriptor: Self.name("rpo_headroom_seconds",
                                          "RPO objective minus achieved RPO; negative when the objective is missed."))
        }
    }

    /// Sets `provider_up{provider}`: 1 when the provider answered in the last observation.
    public func recordProviders(_ up: [String: Bool]) {
        state.withLock { series in
            replace(&series.providers, with: up.reduce(into: [:]) { $0[[$1.key]] = $1.value ? 1 : 0 }, labels: ["provider"],
                    descriptor: Self.name("provider_up", "1 when the provider answered in the last observation, else 0."))
        }
    }

    /// Sets `provider_up{provider}` from an observation: up when the provider answered for
    /// at least one resource.
    public func recordProviders(_ estate: ObservedEstate) {
        recordProviders(estate.providers.mapValues { $0.state == .up })
    }

    /// An alert batch reached its sink.
    public func alertBatchDelivered(sink: String) {
        registry.makeCounter(descriptor: Self.name("alert_deliveries_total", "Alert batches a sink accepted."),
                             labels: [("sink", sink)]).increment()
    }

    /// One try to deliver an alert batch failed (it may be retried).
    public func alertDeliveryFailed(sink: String) {
        registry.makeCounter(descriptor: Self.name("alert_delivery_failures_total", "Failed tries to deliver an alert batch."),
                             labels: [("sink", sink)]).increment()
    }

    /// A waiting batch was dropped because the sink's queue was full.
    public func alertBatchDropped(sink: String) {
        registry.makeCounter(descriptor: Self.name("alert_batches_dropped_total",
                                                   "Alert batches dropped unsent because the sink's queue was full."),
                             labels: [("sink", sink)]).increment()
    }

    /// Batches waiting for a sink.
    public func alertQueueDepth(sink: String, _ depth: Int) {
        registry.makeGauge(descriptor: Self.name("alert_queue_depth", "Alert batches waiting to be sent, per sink."),
                           labels: [("sink", sink)]).set(Double(depth))
    }

    /// The Prometheus text exposition (format 0.0.4) of every metric in the registry.
    public func render() -> String { registry.emitToString() }

    /// The content type `/metrics` answers with.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    // MARK: -

    private static func name(_ metric: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sfreconcile", metricName: metric, unitName: "", helpText: help)
    }

    private func replace(_ current: inout [[String]: Gauge], with values: [[String]: Double], labels: [String],
                         descriptor: MetricNameDescriptor) {
        for (key, gauge) in current where values[key] == nil {
            registry.unregisterGauge(gauge)
            current[key] = nil
        }
        for (key, value) in values {
            let gauge = current[key] ?? registry.makeGauge(descriptor: descriptor, labels: Array(zip(labels, key)))
            gauge.set(value)
            current[key] = gauge
        }
    }
}
