@testable import Controller
import Foundation
import Prometheus
import Spec
import Testing
import TestSupport

/// The Prometheus exposition: names, labels and values from a plan, stale series removed,
/// and the whole text accepted by Prometheus's own linter (`promtool check metrics`).
@Suite struct ControllerMetricsTests {
    func plan() -> Plan {
        let scenarios = [
            ScenarioResult(instance: "pbx-main", scenario: .site("muc"),
                           considered: [Mechanism(name: "geo replica", status: .working, rpo: .minutes(15))],
                           objective: Objective(rto: .hours(1), rpo: .hours(1)), verdict: .holds),
            ScenarioResult(instance: "pbx-main", scenario: .platform,
                           considered: [Mechanism(name: "backup", status: .working, rpo: .days(2))],
                           objective: Objective(rto: nil, rpo: .days(1)), verdict: .fails),
        ]
        return AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical), AlertPlans.alert(.snp1, .warning, address: "s1"),
                                        AlertPlans.alert(.snp1, .warning, address: "s2")],
                               scenarios: scenarios)
    }

    @Test func planValuesBecomeLabelledSeries() {
        let metrics = ControllerMetrics(registry: PrometheusCollectorRegistry())
        metrics.record(plan())
        metrics.recordProviders(["vc-muc": true, "veeam": false])
        metrics.recordReconcile(duration: .milliseconds(1500), finishedAt: AlertPlans.start, outcome: "success")
        let text = metrics.render()
        #expect(text.contains(#"sfreconcile_findings{rule="SNP-1",severity="warning",status="violated"} 2"#))
        #expect(text.contains(#"sfreconcile_findings{rule="BAK-1",severity="critical",status="violated"} 1"#))
        #expect(text.contains(#"sfreconcile_alerts_firing{severity="critical"} 1"#))
        #expect(text.contains(#"sfreconcile_alerts_firing{severity="info"} 0"#))
        #expect(text.contains(#"sfreconcile_rpo_headroom_seconds{instance="pbx-main",scenario="site:muc"} 2700"#))
        #expect(text.contains(#"sfreconcile_rpo_headroom_seconds{instance="pbx-main",scenario="platform"} -86400"#))
        #expect(text.contains(#"sfreconcile_provider_up{provider="veeam"} 0"#))
        #expect(text.contains(#"sfreconcile_provider_up{provider="vc-muc"} 1"#))
        #expect(text.contains(#"sfreconcile_reconcile_duration_seconds_count 1"#))
        #expect(text.contains(#"sfreconcile_reconciles_total{outcome="success"} 1"#))
    }

    @Test func seriesOfFindingsThatClearedDisappear() {
        let metrics = ControllerMetrics(registry: PrometheusCollectorRegistry())
        metrics.record(plan())
        metrics.record(AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)]))
        let text = metrics.render()
        #expect(!text.contains(#"rule="SNP-1""#))
        #expect(text.contains(#"sfreconcile_findings{rule="BAK-1",severity="critical",status="violated"} 1"#))
        #expect(!text.contains("sfreconcile_rpo_headroom_seconds{"))
    }

    @Test func theExpositionPassesPromtool() throws {
        let metrics = ControllerMetrics(registry: PrometheusCollectorRegistry())
        metrics.record(plan())
        metrics.recordProviders(["vc-muc": true])
        metrics.recordReconcile(duration: .seconds(3), finishedAt: AlertPlans.start, outcome: "success")
        metrics.alertBatchDelivered(sink: "ops")
        metrics.alertDeliveryFailed(sink: "ops")
        metrics.alertBatchDropped(sink: "ops")
        metrics.alertQueueDepth(sink: "ops", 3)
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else {
            Issue.record("promtool is missing; run scripts/test.sh (installs Debian's prometheus)")
            return
        }
        let output = try Shell.run([promtool, "check", "metrics"], input: Data(metrics.render().utf8))
        #expect(output.isEmpty, "promtool reported: \(output)")
    }
}
