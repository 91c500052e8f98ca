@testable import Controller
import Foundation
import Spec
import Synchronization

/// Plans with given alerts and findings, for the alert and metrics tests.
enum AlertPlans {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func alert(_ rule: RuleID, _ severity: Severity, instance: String = "pbx-main", address: String = "vc-muc/vm/starface-pbx01",
                      message: String = "the newest backup is 3d old (RPO 1d)") -> Alert {
        Alert(id: "\(instance):\(rule.rawValue):\(address)", rule: rule, severity: severity, instance: instance, address: address,
              message: message, cause: .noFix)
    }

    static func finding(for alert: Alert, _ status: Finding.Status) -> Finding {
        Finding(rule: alert.rule, status: status, severity: alert.severity, instance: alert.instance, address: alert.address,
                message: alert.message)
    }

    static func plan(alerts: [Alert], findings: [Finding] = [], scenarios: [ScenarioResult] = []) -> Plan {
        Plan(revision: "0123456789abcdef0123456789abcdef01234567", observedAt: start, plannedAt: start, observedDigest: "sha256:0",
             instances: [], findings: findings + alerts.map { finding(for: $0, .violated) }, actions: [], alerts: alerts,
             scenarios: scenarios, incomplete: [], errors: [],
             maintenance: MaintenanceState(hasWindows: false, isOpen: false, nextOpening: nil, nextOpeningLocal: nil))
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex(AlertPlans.start)
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A sink client that records what it is given (a test double of the protocol, standing in
/// for a real destination; the real ones are tested against peers in AlertSinkPeerTests).
/// `failures` makes the next calls fail; `gate` holds calls until opened.
final class RecordingSink: AlertSinkClient {
    private let state = Mutex(State())
    struct State {
        var batches: [AlertBatch] = []
        var calls = 0
        var failures: [AlertDeliveryError] = []
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    var batches: [AlertBatch] { state.withLock { $0.batches } }
    var calls: Int { state.withLock { $0.calls } }
    var events: [AlertEvent] { batches.flatMap(\.events) }

    func failNext(_ errors: [AlertDeliveryError]) { state.withLock { $0.failures = errors } }
    func hold() { state.withLock { $0.held = true } }
    func release() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.held = false
            defer { state.waiting = [] }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }

    /// Waits until a call is held at the gate.
    func waitUntilHeld() async {
        while state.withLock({ $0.waiting.isEmpty }) { try? await Task.sleep(for: .milliseconds(1)) }
    }

    func deliver(_ batch: AlertBatch) async throws(AlertDeliveryError) {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.held { state.waiting.append(continuation) }
                return !state.held
            }
            if resumeNow { continuation.resume() }
        }
        let failure = state.withLock { state -> AlertDeliveryError? in
            state.calls += 1
            if !state.failures.isEmpty { return state.failures.removeFirst() }
            state.batches.append(batch)
            return nil
        }
        if let failure { throw failure }
    }
}

/// Records the pauses the dispatcher asks for instead of sleeping.
final class RecordedSleeps: Sendable {
    private let pauses = Mutex<[Duration]>([])
    var all: [Duration] { pauses.withLock { $0 } }
    func sleep(_ duration: Duration) async throws { pauses.withLock { $0.append(duration) } }
}
