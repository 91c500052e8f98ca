import Controller
import Foundation
import Providers

/// What the HTTP surface asks of the running controller. The server only translates HTTP to
/// these calls and back; the controller decides.
public protocol ControllerEndpoints: Sendable {
    /// The status document of `GET /api/v1/status` (JSON, docs/operations.md).
    func statusJSON() async -> Data
    /// Nil when ready to serve (the first reconcile finished on a good spec); else why not.
    func notReadyReason() async -> String?
    /// The Prometheus text exposition of `GET /metrics`.
    func metricsText() async -> String
    /// Asks for a reconcile as soon as possible.
    func requestReconcile(_ trigger: ReconcileTrigger) async
    /// Judges a push webhook (signature, ref; header names in any case, as received) and, when it concerns the followed ref, asks for
    /// a fetch and reconcile.
    func receivePush(headers: HTTPHeaders, body: Data) async -> PushReception
}

/// What became of a push webhook.
public enum PushReception: Sendable, Hashable {
    /// Verified and about the followed ref: a fetch and reconcile are under way.
    case accepted(String)
    /// Verified but about another ref or event: nothing to do.
    case ignored(String)
    /// Unsigned, forged or from an unknown forge: refused with 401.
    case rejected(String)
}
