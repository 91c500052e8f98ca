@testable import Controller
import Foundation
import Providers
import Spec
import Testing

/// The dispatcher's decisions: what is sent, re-posted, resolved, filtered, retried and
/// dropped, and what a restart remembers. Sinks here are RecordingSink doubles; the real
/// sinks meet real peers in AlertSinkPeerTests.
@Suite struct AlertDispatcherTests {
    let clock = ManualClock()
    let sleeps = RecordedSleeps()
    let chat = RecordingSink()
    let manager = RecordingSink()

    func dispatcher(state: AlertDispatcherState = AlertDispatcherState(), chatMinimum: Severity = .warning,
                    queueLimit: Int = 100, metrics: ControllerMetrics? = nil) -> AlertDispatcher {
        let sleeps = self.sleeps, clock = self.clock
        return AlertDispatcher(
            sinks: [
                ConfiguredAlertSink(name: "chat", kind: "slack", minimumSeverity: chatMinimum, client: chat),
                ConfiguredAlertSink(name: "am", kind: "alertmanager", minimumSeverity: .info, repostsWhileFiring: true, client: manager),
            ],
            options: .init(repostInterval: .seconds(60), queueLimit: queueLimit), state: state,
            redactor: Redactor(secrets: ["hunter2-secret"]), metrics: metrics,
            now: { clock.now }, sleep: { try await sleeps.sleep($0) }, random: { 0 })
    }

    @Test func aNewAlertIsSentOnceToChatAndRepostedToAlertmanagerEachInterval() async {
        let alerts = dispatcher()
        let plan = AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)])
        await alerts.update(with: plan)
        await alerts.drain()
        #expect(chat.events.map(\.status) == [.firing])
        #expect(manager.events.map(\.status) == [.firing])

        clock.advance(30)
        await alerts.update(with: plan)
        await alerts.drain()
        #expect(chat.events.count == 1)
        #expect(manager.events.count == 1, "not yet: the repost interval has not passed")

        clock.advance(31)
        await alerts.update(with: plan)
        await alerts.drain()
        #expect(chat.events.count == 1, "chat sinks hear of an alert once")
        #expect(manager.events.count == 2)
        #expect(manager.events[1].startsAt == AlertPlans.start, "a re-post keeps the original start")
    }

    @Test func anAlertWhoseFindingClearedIsResolved() async {
        let alerts = dispatcher()
        let alert = AlertPlans.alert(.bak1, .critical)
        await alerts.update(with: AlertPlans.plan(alerts: [alert]))
        clock.advance(120)
        await alerts.update(with: AlertPlans.plan(alerts: [], findings: [AlertPlans.finding(for: alert, .satisfied)]))
        await alerts.drain()
        #expect(chat.events.map(\.status) == [.firing, .resolved])
        #expect(manager.events.map(\.status) == [.firing, .resolved])
        #expect(manager.events.last?.endsAt == AlertPlans.start.addingTimeInterval(120))
        #expect(await alerts.snapshot().active.isEmpty)
    }

    @Test func anAlertWhoseFindingBecameUnknownIsNeitherResolvedNorRepeated() async {
        let alerts = dispatcher()
        let alert = AlertPlans.alert(.bak1, .critical)
        await alerts.update(with: AlertPlans.plan(alerts: [alert]))
        clock.advance(120)
        await alerts.update(with: AlertPlans.plan(alerts: [], findings: [AlertPlans.finding(for: alert, .unknown)]))
        await alerts.drain()
        #expect(chat.events.map(\.status) == [.firing])
        #expect(manager.events.map(\.status) == [.firing])
        #expect(await alerts.snapshot().active.count == 1)
    }

    @Test func sinksGetOnlyWhatReachesTheirMinimumSeverity() async {
        let alerts = dispatcher(chatMinimum: .critical)
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.snp1, .warning, address: "a"),
                                                           AlertPlans.alert(.bak1, .critical, address: "b")]))
        await alerts.drain()
        #expect(chat.events.map(\.rule) == ["BAK-1"])
        #expect(Set(manager.events.map(\.rule)) == ["SNP-1", "BAK-1"])
        #expect(manager.batches.count == 1, "one batch per sink per reconcile")
    }

    @Test func aSeverityChangeIsAnnouncedAgain() async {
        let alerts = dispatcher(chatMinimum: .warning)
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .warning)]))
        clock.advance(5)
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)]))
        await alerts.drain()
        #expect(chat.events.map(\.severity) == [.warning, .critical])
    }

    @Test func transientFailuresAreRetriedWithBackoff() async {
        let alerts = dispatcher()
        chat.failNext([AlertDeliveryError(transient: true, "HTTP 503", advice: ""), AlertDeliveryError(transient: true, "HTTP 503", advice: "")])
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)]))
        await alerts.drain()
        #expect(chat.calls == 3)
        #expect(chat.events.count == 1)
        #expect(sleeps.all == [.seconds(1), .seconds(2)])
        let status = await alerts.sinkStatuses().first { $0.name == "chat" }
        #expect(status?.failed == 2)
        #expect(status?.delivered == 1)
    }

    @Test func aPermanentFailureIsNotRetriedAndTheAlertIsAnnouncedAgainNextTime() async {
        let alerts = dispatcher()
        chat.failNext([AlertDeliveryError(transient: false, "HTTP 404 for token hunter2-secret", advice: "check the url")])
        let plan = AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)])
        await alerts.update(with: plan)
        await alerts.drain()
        #expect(chat.calls == 1)
        #expect(sleeps.all.isEmpty)
        let status = await alerts.sinkStatuses().first { $0.name == "chat" }
        #expect(status?.lastError?.contains("hunter2-secret") == false, "errors are redacted")

        clock.advance(10)
        await alerts.update(with: plan)
        await alerts.drain()
        #expect(chat.events.map(\.status) == [.firing], "given up before, so sent again")
    }

    @Test func aFullQueueDropsTheOldestWaitingBatchAndCountsIt() async {
        let metrics = ControllerMetrics(registry: .init())
        let alerts = dispatcher(queueLimit: 2, metrics: metrics)
        chat.hold()
        for index in 0..<5 {
            clock.advance(1)
            await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.snp1, .critical, address: "snapshot-\(index)")]))
            if index == 0 { await chat.waitUntilHeld() }
        }
        // One batch is in flight (held), two wait; the other two were dropped.
        let status = await alerts.sinkStatuses().first { $0.name == "chat" }
        #expect(status?.dropped == 2)
        chat.release()
        await alerts.drain()
        #expect(chat.batches.count == 3)
        #expect(metrics.render().contains(#"sfreconcile_alert_batches_dropped_total{sink="chat"} 2"#))
    }

    @Test func updateDoesNotWaitForASlowSink() async {
        let alerts = dispatcher()
        chat.hold()
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak1, .critical)]))
        // Returned although the chat sink has not answered.
        #expect(chat.batches.isEmpty)
        chat.release()
        await alerts.drain()
        #expect(chat.batches.count == 1)
    }

    @Test func aRestoredDispatcherDoesNotRepeatWhatWasSent() async throws {
        let first = dispatcher()
        let alert = AlertPlans.alert(.bak1, .critical)
        await first.update(with: AlertPlans.plan(alerts: [alert]))
        await first.drain()
        let encoded = try JSONEncoder().encode(await first.snapshot())
        let state = try JSONDecoder().decode(AlertDispatcherState.self, from: encoded)

        clock.advance(10)
        let second = dispatcher(state: state)
        await second.update(with: AlertPlans.plan(alerts: [alert]))
        await second.drain()
        #expect(chat.events.count == 1)
        clock.advance(10)
        await second.update(with: AlertPlans.plan(alerts: []))
        await second.drain()
        #expect(chat.events.map(\.status) == [.firing, .resolved], "the restored dispatcher still resolves")
    }

    @Test func secretsInAlertTextsAreRedacted() async {
        let alerts = dispatcher()
        await alerts.update(with: AlertPlans.plan(alerts: [AlertPlans.alert(.bak2, .critical, message: "upload to https://u:hunter2-secret@s3 failed")]))
        await alerts.drain()
        #expect(chat.events.first.map { !$0.summary.contains("hunter2-secret") } == true)
    }

    @Test func fingerprintsAreStableAndDistinct() {
        let a = AlertEvent.fingerprint(ofFindingID: "pbx-main:BAK-1:x")
        #expect(a == AlertEvent.fingerprint(ofFindingID: "pbx-main:BAK-1:x"))
        #expect(a != AlertEvent.fingerprint(ofFindingID: "pbx-main:BAK-1:y"))
        #expect(a.count == 16)
    }
}
