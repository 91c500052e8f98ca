import Controller
import Foundation
import Logging
import Providers

/// The running controller behind the HTTP routes: the loop, the reconciler, the Git source
/// and the state store of one `sfreconcile run`.
public struct LiveControllerEndpoints: ControllerEndpoints {
    let loop: ReconcileLoop
    let reconciler: ControllerReconciler
    let source: GitSource?
    let store: StateStore
    let metrics: ControllerMetrics
    let webhook: WebhookSettings
    let logger: Logger
    let now: @Sendable () -> Date

    public init(loop: ReconcileLoop, reconciler: ControllerReconciler, source: GitSource?, store: StateStore, metrics: ControllerMetrics,
                webhook: WebhookSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.loop = loop
        self.reconciler = reconciler
        self.source = source
        self.store = store
        self.metrics = metrics
        self.webhook = webhook
        self.logger = logger
        self.now = now
    }

    public func statusJSON() async -> Data {
        ControllerStatusDocument.render(status: await loop.currentStatus(), source: await source?.status,
                                        plan: await reconciler.latestPlan,
                                        suspended: (try? Suspensions(store: store).suspended()) ?? [],
                                        backoff: await reconciler.backoffEntries, at: now())
    }

    public func notReadyReason() async -> String? {
        switch await loop.currentStatus().lastOutcome?.result {
        case nil: return "no reconcile finished yet"
        case .failed(let failure)?: return failure.message
        case .reconciled?: return nil
        }
    }

    public func metricsText() async -> String { metrics.render() }

    public func requestReconcile(_ trigger: ReconcileTrigger) async {
        loop.request(trigger)
    }

    public func receivePush(headers: HTTPHeaders, body: Data) async -> PushReception {
        guard let secret = webhook.secret else {
            return .rejected("webhooks are off: give `run` a secret (--webhook-secret-env); unsigned requests are refused")
        }
        guard let forge = webhook.forge ?? WebhookSettings.detect(headers) else {
            return .rejected("the request carries no signature header of a known forge (docs/webhooks.md)")
        }
        if case .rejected(let reason) = WebhookVerifier.verify(forge, headers: headers, body: body, secret: secret) {
            logger.warning("webhook refused", metadata: ["forge": "\(forge.rawValue)", "reason": "\(reason)"])
            return .rejected(reason)
        }
        let push: PushEvent
        do {
            switch try PushEvent.parse(forge, headers: headers, body: body) {
            case .ignored(let event): return .ignored("event \(event) ignored; only pushes trigger a reconcile")
            case .push(let event): push = event
            }
        } catch {
            return .ignored("not a push this controller can read: \(error.description)")
        }
        if let source, !WebhookSettings.concerns(push.ref, followed: source.configuration.ref) {
            return .ignored("push to \(push.ref) ignored: following \(source.configuration.ref)")
        }
        logger.info("push received", metadata: ["forge": "\(forge.rawValue)", "ref": "\(push.ref)", "revision": "\(push.revision ?? "-")"])
        let loop = self.loop
        Task {
            _ = await source?.poll()
            loop.request(.webhook)
        }
        return .accepted("push to \(push.ref) accepted: fetching and reconciling")
    }
}
