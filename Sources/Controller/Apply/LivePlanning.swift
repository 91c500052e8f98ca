import Foundation
import Providers
import Spec

/// `plan` and `apply` without an observed-estate file: observe everything the spec
/// references, record the observation in the state store (when there is one), and plan.
/// The live-version timeline (VER-2) comes from the files given, else from the store.
public struct LivePlanning: Sendable {
    public var observer: EstateObserver
    /// The store's observation history, when a store is present.
    public var history: ObservationHistory?

    public init(observer: EstateObserver, history: ObservationHistory?) {
        self.observer = observer
        self.history = history
    }

    /// The observed estate and its digest.
    public func observe(_ spec: Spec, revision: String?) async throws(StateError) -> (estate: ObservedEstate, digest: String) {
        let estate = await observer.observe(spec, revision: revision)
        let digest = (try? ObservedDigest.of(estate)) ?? ""
        try history?.record(estate, digest: digest)
        return (estate, digest)
    }

    /// Observes and plans at `now`; `fileHistory` (from `--history`) wins over the store's timeline.
    public func plan(_ spec: Spec, revision: String?, now: Date, fileHistory: [ObservedEstate] = [],
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws(StateError) -> Plan {
        let timeline = fileHistory.isEmpty ? try history?.liveVersions() : nil
        let (estate, digest) = try await observe(spec, revision: revision)
        var request = PlanInputs.request(spec: spec, estate: estate, digest: digest, history: fileHistory, now: now, revision: revision,
                                         environment: environment)
        if let timeline { request.history = timeline }
        return Planner().plan(request)
    }
}
