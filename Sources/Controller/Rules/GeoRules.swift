import Foundation
import Providers
import Spec

/// GEO-1, GEO-2, GEO-3: replicas of the live VM at other sites (SRM, Hyper-V Replica).
///
/// - GEO-1: for each `geo` entry the replication exists, targets the spec's protection
///   group or replica server, and is healthy. Missing, disabled or suspended replication is
///   enabled (`enableReplication`); unhealthy or misdirected replication alerts.
/// - GEO-2: the configured RPO (Hyper-V: frequency, one of 30 s, 5 min, 15 min) is at most
///   the spec's `rpo` — fix `setReplicationFrequency` — and the last replication cycle is
///   at most `rpo` old — alert.
/// - GEO-3: the replica starts with the identical IP configuration (no re-IP), so phones
///   re-register at once. `ipConfig: reip` in the spec, or an observed IP customisation,
///   alerts.
public struct GeoRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.geo1, .geo2, .geo3] }

    /// Replication frequencies Hyper-V Replica offers, in seconds.
    public static let hyperVFrequencies = [30, 300, 900]

    public func findings(for c: InstanceContext) -> [Finding] {
        var out: [Finding] = []
        let name = c.name
        for (index, replica) in c.instance.geo.enumerated() {
            let ref = c.resources.replicas[index].replication
            let address = c.address(of: ref)
            let site = replica.site
            let check = site
            switch c.replication(ref) {
            case .unknown(let error):
                out.append(.unknown(.geo1, .critical, name, address, check: check, desired: "healthy replica at \(site)",
                                    "The replication of \(ref.name) to \(site)", because: error))
                out.append(.unknown(.geo2, .warning, name, address, check: check, desired: "RPO ≤ \(Human.span(replica.rpo))",
                                    "The replication RPO to \(site)", because: error))
                if replica.ipConfig == .identical {
                    out.append(.unknown(.geo3, .warning, name, address, check: check, desired: "identical IP configuration",
                                        "The replica's IP configuration at \(site)", because: error))
                }
            case .absent:
                let fix = Self.enable(replica, ref, address, reason: "no replica")
                out.append(.violated(.geo1, .critical, name, address, check: check, desired: "healthy replica at \(site)", observed: "no replication",
                                     "\(ref.name) is not replicated to \(site) by \(ref.provider): a failure of the live site \(c.instance.live.site) has no geo replica to fail over to.",
                                     remedy: .fix(fix)))
            case .present(let state):
                out.append(geo1(state, replica, ref, address, c))
                out += geo2(state, replica, ref, address, c)
                if replica.ipConfig == .identical { out.append(geo3(state, replica, ref, address, c)) }
            }
            if replica.ipConfig == .reip {
                out.append(.violated(.geo3, .warning, name, address, check: check, desired: "identical IP configuration", observed: "reip (spec)",
                                     "The spec declares re-IP for the replica at \(site): after a failover phones do not re-register until DNS or provisioning catch up. Give the replica a separate network with the same addressing and set ipConfig: identical.",
                                     remedy: .alert))
            }
        }
        return out
    }

    /// The fix turning on (or resuming) replication; made only for a violation.
    private static func enable(_ replica: GeoReplica, _ ref: ResourceRef, _ address: String, reason: String) -> ProposedFix {
        ProposedFix(type: .enableReplication, target: address, role: .redundancy,
                    summary: "enable replication of \(ref.name) to \(replica.site) via \(ref.provider)", reason: reason,
                    parameters: targetParameters(replica) + [ActionParameter("rpo", Human.span(replica.rpo))])
    }

    private static func targetParameters(_ replica: GeoReplica) -> [ActionParameter] {
        var parameters: [ActionParameter] = []
        if let group = replica.via.protectionGroup { parameters.append(ActionParameter("protectionGroup", group)) }
        if let server = replica.via.replicaServer { parameters.append(ActionParameter("replicaServer", server)) }
        return parameters
    }

    private func geo1(_ state: ReplicationState, _ replica: GeoReplica, _ ref: ResourceRef, _ address: String,
                      _ c: InstanceContext) -> Finding {
        let site = replica.site
        let desired = "healthy replica at \(site)"
        if let wanted = replica.via.protectionGroup, let seen = state.protectionGroup, wanted != seen {
            return .violated(.geo1, .critical, c.name, address, check: site, desired: "protection group \(wanted)",
                             observed: "protection group \(seen)",
                             "\(ref.name) is protected by SRM protection group \(seen), not \(wanted) as the spec says.", remedy: .alert)
        }
        if let wanted = replica.via.replicaServer, let seen = state.replicaServer, wanted.lowercased() != seen.lowercased() {
            return .violated(.geo1, .critical, c.name, address, check: site, desired: "replica server \(wanted)",
                             observed: "replica server \(seen)",
                             "\(ref.name) replicates to \(seen), not to \(wanted) at \(site) as the spec says.", remedy: .alert)
        }
        switch ReplicationHealthCheck.assess(state) {
        case .healthy:
            let health = ReplicationHealthCheck.describe(state)
            return .satisfied(.geo1, c.name, address, check: site, desired: desired, observed: health,
                              .replicated(vm: ref.name, site: site, health: health))
        case .stopped(let why):
            let fix = Self.enable(replica, ref, address, reason: why)
            return .violated(.geo1, .critical, c.name, address, check: site, desired: desired, observed: ReplicationHealthCheck.describe(state),
                             "The replication of \(ref.name) to \(site) is \(why): the replica falls behind.", remedy: .fix(fix))
        case .unhealthy(let why):
            return .violated(.geo1, .critical, c.name, address, check: site, desired: desired, observed: ReplicationHealthCheck.describe(state),
                             "The replication of \(ref.name) to \(site) is not healthy (\(why)): check it in \(state.mechanism == .srm ? "Site Recovery Manager" : state.mechanism == .hypervReplica ? "Hyper-V Replica" : "the replication system (\(state.mechanism))").",
                             remedy: .alert)
        case .unknown(let why):
            return .unknown(.geo1, .critical, c.name, address, check: site, desired: desired, "The health of the replication to \(site)",
                            because: ProviderError(.protocol, why, provider: ref.provider, resource: ref))
        }
    }

    private func geo2(_ state: ReplicationState, _ replica: GeoReplica, _ ref: ResourceRef, _ address: String,
                      _ c: InstanceContext) -> [Finding] {
        var out: [Finding] = []
        let site = replica.site
        let wanted = replica.rpo
        let desired = "RPO ≤ \(Human.span(wanted))"
        if let configured = state.rpo {
            let offered = state.mechanism != .hypervReplica || Self.hyperVFrequencies.contains(configured.seconds)
            if configured <= wanted && offered {
                out.append(.satisfied(.geo2, c.name, address, check: "\(site):frequency", desired: desired,
                                      observed: "RPO \(Human.span(configured))", .replicationRPO(site: site, rpo: configured)))
            } else {
                let fix = ProposedFix(type: .setReplicationFrequency, target: address, role: .redundancy,
                                      summary: "set the replication RPO of \(ref.name) to \(site) to \(Human.span(wanted))",
                                      reason: "\(Human.span(configured)) > \(Human.span(wanted))",
                                      parameters: [ActionParameter("rpo", Human.span(wanted))])
                let text = offered
                    ? "The replication to \(site) runs with an RPO of \(Human.span(configured)); the spec asks for \(Human.span(wanted))."
                    : "The replication to \(site) runs every \(Human.span(configured)), which Hyper-V Replica does not offer (30s, 5m, 15m)."
                out.append(.violated(.geo2, .warning, c.name, address, check: "\(site):frequency", desired: desired,
                                     observed: "RPO \(Human.span(configured))", text, remedy: .fix(fix)))
            }
        } else {
            out.append(.unknown(.geo2, .warning, c.name, address, check: "\(site):frequency", desired: desired,
                                "The configured replication RPO to \(site)",
                                because: ProviderError(.unsupported, "the provider did not report it", provider: ref.provider, resource: ref)))
        }
        if let last = state.lastReplication {
            let age = c.age(of: last)
            if age <= wanted.seconds {
                out.append(.satisfied(.geo2, c.name, address, check: "\(site):lag", desired: "last cycle ≤ \(Human.span(wanted)) ago",
                                      observed: "\(Human.age(age)) ago", .replicationLag(site: site, age: age)))
            } else {
                out.append(.violated(.geo2, .warning, c.name, address, check: "\(site):lag", desired: "last cycle ≤ \(Human.span(wanted)) ago",
                                     observed: "\(Human.age(age)) ago",
                                     "The last replication cycle to \(site) finished \(Human.age(age)) ago, longer than the RPO of \(Human.span(wanted)): a failover now would lose that much.",
                                     remedy: .alert))
            }
        } else {
            out.append(.unknown(.geo2, .warning, c.name, address, check: "\(site):lag", desired: "last cycle ≤ \(Human.span(wanted)) ago",
                                "The time of the last replication cycle to \(site)",
                                because: ProviderError(.unsupported, "the provider did not report it", provider: ref.provider, resource: ref)))
        }
        return out
    }

    private func geo3(_ state: ReplicationState, _ replica: GeoReplica, _ ref: ResourceRef, _ address: String,
                      _ c: InstanceContext) -> Finding {
        let site = replica.site
        switch state.ipCustomization {
        case false?:
            return .satisfied(.geo3, c.name, address, check: site, desired: "identical IP configuration", observed: "no re-IP",
                              .replicaKeepsIP(site: site))
        case true?:
            return .violated(.geo3, .warning, c.name, address, check: site, desired: "identical IP configuration", observed: "re-IP",
                             "The recovery of \(ref.name) at \(site) changes its IP addresses: phones will not re-register at once. Remove the IP customisation and give the replica a separate network with the same addressing.",
                             remedy: .alert)
        case nil:
            return .unknown(.geo3, .warning, c.name, address, check: site, desired: "identical IP configuration",
                            "The replica's IP configuration at \(site)",
                            because: ProviderError(.unsupported, "the provider did not report whether failover changes the IP configuration",
                                                   provider: ref.provider, resource: ref))
        }
    }
}

/// Reads a replication's health from its health value and state word; shared by GEO-1 and
/// the failure-scenario analysis.
enum ReplicationHealthCheck {
    enum Verdict: Equatable {
        case healthy
        /// Switched off or suspended: enabling it again is the fix.
        case stopped(String)
        case unhealthy(String)
        case unknown(String)
    }

    private static let healthyWords: Set<String> = ["replicating", "readystate", "ready", "protected", "ok", "normal", "active", "running", "enabled"]
    private static let stoppedWords: Set<String> = ["suspended", "paused", "disabled", "resynchronizesuspended", "notreplicating", "stopped"]
    private static let startingWords: Set<String> = ["readyforinitialreplication", "waitingforinitialreplication", "initialreplicationinprogress",
                                                     "waitingforstartresynchronize", "resynchronizing", "syncing", "initialsync"]

    static func assess(_ state: ReplicationState) -> Verdict {
        var word = ""
        for byte in state.state.utf8 {
            switch byte {
            case 65...90: word.unicodeScalars.append(Unicode.Scalar(byte + 32))
            case 97...122, 48...57: word.unicodeScalars.append(Unicode.Scalar(byte))
            default: continue
            }
        }
        if stoppedWords.contains(word) { return .stopped(state.state) }
        if state.health == .critical { return .unhealthy("health critical, state \(state.state)") }
        if state.health == .warning { return .unhealthy("health warning, state \(state.state)") }
        if startingWords.contains(word) { return .unhealthy("state \(state.state): not yet protecting") }
        if contains(word, "error") || contains(word, "fail") { return .unhealthy("state \(state.state)") }
        if state.health == .normal || healthyWords.contains(word) { return .healthy }
        return .unknown("replication state \"\(state.state)\" without a health value is not understood")
    }

    /// Whether `word` contains `part`, byte by byte (both are lower-case ASCII here;
    /// Foundation's `contains` was most of this check's time).
    private static func contains(_ word: String, _ part: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: part.utf8Start, count: part.utf8CodeUnitCount)
        let haystack = Array(word.utf8)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// `Replicating, health normal`.
    static func describe(_ state: ReplicationState) -> String {
        state.state + (state.health.map { ", health \($0)" } ?? "")
    }
}
