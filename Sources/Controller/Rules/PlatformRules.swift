import Foundation
import Providers
import Spec

/// PLT-1: each platform standby (`platform` entries) exists, answers, holds a valid server
/// licence for its platform and runs on the platform the spec says. Its version is VER-1's
/// and VER-2's business; its backups BAK-1's. Alert only: a standby is hardware or a
/// contract, not something the controller can create.
public struct PlatformRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.plt1] }

    public func findings(for c: InstanceContext) -> [Finding] {
        var out: [Finding] = []
        for (index, standby) in c.instance.platform.enumerated() {
            let ref = c.resources.standbys[index].starface
            let address = c.address(of: ref)
            var label: String { Self.label(standby, provider: ref.provider) }
            let desired = Self.desired(standby.platform)
            switch c.starface(ref) {
            case .unknown(let error):
                out.append(.unknown(.plt1, .critical, c.name, address, desired: desired, "The state of \(label)", because: error))
            case .absent:
                out.append(.violated(.plt1, .critical, c.name, address, desired: desired, observed: "does not exist",
                                     "\(label.capitalizedFirst) does not exist: a failure of the virtualisation platform has no standby to take over.",
                                     remedy: .alert))
            case .present(let state):
                guard state.reachable else {
                    out.append(.violated(.plt1, .critical, c.name, address, desired: desired, observed: "not answering",
                                         "\(label.capitalizedFirst) does not answer: it could not take over if the virtualisation platform failed.",
                                         remedy: .alert))
                    continue
                }
                var problems: [String] = []
                var unknown: [String] = []
                if let platform = state.platform, platform != standby.platform {
                    problems.append("it runs as \(platform.rawValue), not \(standby.platform.rawValue)")
                }
                if let licence = state.licence {
                    switch licence.serverLicence {
                    case false?: problems.append("it has no valid server licence")
                    case nil: unknown.append("whether it has a server licence")
                    case true?: break
                    }
                    if let platform = licence.platform, platform != standby.platform {
                        problems.append("its server licence is for \(platform.rawValue), not \(standby.platform.rawValue)")
                    }
                    if let until = licence.validUntil, until < c.asOf {
                        problems.append("its licence expired \(Human.time(until))")
                    }
                } else {
                    unknown.append("its licence")
                }
                if !problems.isEmpty {
                    out.append(.violated(.plt1, .critical, c.name, address, desired: desired, observed: problems.joined(separator: "; "),
                                         "\(label.capitalizedFirst) could not take over: " + problems.joined(separator: "; ") + ".",
                                         remedy: .alert))
                } else if !unknown.isEmpty {
                    let why = state.unreadable?["licence"].map { "the licence could not be read: \($0)" } ?? "the provider did not report it"
                    out.append(.unknown(.plt1, .critical, c.name, address, desired: desired,
                                        unknown.joined(separator: " and ").capitalizedFirst + " of \(label)",
                                        because: ProviderError(.unsupported, why, provider: ref.provider, resource: ref)))
                } else {
                    out.append(.satisfied(.plt1, c.name, address, desired: desired, observed: "answers, licensed",
                                          .standbyReady(standby, provider: ref.provider)))
                }
            }
        }
        return out
    }

    /// `standby <name> (<provider>, <platform> at <site>)`.
    static func label(_ standby: PlatformStandby, provider: String) -> String {
        "standby \(standby.name) (\(provider), \(standby.platform.rawValue) at \(standby.site))"
    }

    /// `answers, <platform> server licence`, a literal for each platform.
    private static func desired(_ platform: Platform) -> String {
        switch platform {
        case .vm: return "answers, vm server licence"
        case .appliance: return "answers, appliance server licence"
        case .cloud: return "answers, cloud server licence"
        }
    }
}
