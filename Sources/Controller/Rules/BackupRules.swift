import Providers
import Spec

/// BAK-1, BAK-2, BAK-3: STARFACE's own backups (`backups.starface`), which a platform
/// standby imports when the virtualisation platform fails.
///
/// - BAK-1: the newest `.sar` file on the target is at most the platform RPO old (without a
///   platform RPO objective: the backup interval). Fix: `triggerBackup` on the live STARFACE.
/// - BAK-2: the target, and every other target a standby restores from, is at another site
///   than the live system or declared `offsite: true`. Spec only; alert.
/// - BAK-3: the live STARFACE has periodic backups on, at most the interval apart (and at
///   most the platform RPO). Fix: `setBackupSchedule`.
public struct BackupRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.bak1, .bak2, .bak3] }

    public func findings(for c: InstanceContext) -> [Finding] {
        guard let backup = c.instance.backups.starface, let backupsRef = c.resources.starfaceBackups else { return [] }
        var out: [Finding] = []
        let name = c.name
        let platformRPO = c.objectives.platform?.rpo
        let limit = platformRPO.map { Swift.min($0, backup.interval) } ?? backup.interval
        let limitIsPlatformRPO = platformRPO.map { $0 <= backup.interval } ?? false
        let limitSource = limitIsPlatformRPO ? "the platform RPO" : "the backup interval"
        let liveRef = c.resources.liveStarface
        let backupsAddress = c.address(of: backupsRef)

        // BAK-1 (fixes are made only for violations: most checks hold)
        func remedy(_ reason: String) -> Remedy {
            guard let ref = liveRef else { return .alert }
            return .fix(ProposedFix(type: .triggerBackup, target: c.address(of: ref), role: .backup,
                                    summary: "trigger a STARFACE backup of \(ref.provider) to \(backupsRef.provider)",
                                    reason: reason, parameters: [ActionParameter("target", backupsAddress)]))
        }
        let where_ = "\(backupsRef.provider) under \"\(backup.prefix)\""
        switch c.backups(backupsRef) {
        case .unknown(let error):
            out.append(.unknown(.bak1, .critical, name, backupsAddress, desired: "≤ \(Human.span(limit)) old",
                                "The age of the newest STARFACE backup", because: error))
        case .absent:
            out.append(.violated(.bak1, .critical, name, backupsAddress, desired: "≤ \(Human.span(limit)) old",
                                 observed: "no backups", "No STARFACE backup exists on \(where_): a platform failure could not be recovered.",
                                 remedy: remedy("no backup")))
        case .present(let listing):
            if let newest = StarfaceBackups.newest(in: listing) {
                let age = c.age(of: newest.modified)
                if age <= limit.seconds {
                    out.append(.satisfied(.bak1, name, backupsAddress, desired: "≤ \(Human.span(limit)) old",
                                          observed: "\(Human.age(age)) old",
                                          .backupFresh(backup: newest.name, age: age, limit: limit, platformRPO: limitIsPlatformRPO)))
                } else {
                    out.append(.violated(.bak1, .warning, name, backupsAddress, desired: "≤ \(Human.span(limit)) old",
                                         observed: "\(Human.age(age)) old",
                                         "The newest STARFACE backup \(newest.name) on \(backupsRef.provider) is \(Human.age(age)) old, older than \(limitSource) of \(Human.span(limit)).",
                                         remedy: remedy("\(Human.age(age)) old > \(Human.span(limit))")))
                }
            } else {
                out.append(.violated(.bak1, .critical, name, backupsAddress, desired: "≤ \(Human.span(limit)) old",
                                     observed: "no backups",
                                     "No STARFACE backup (.sar file with content) exists on \(where_): a platform failure could not be recovered.",
                                     remedy: remedy("no backup")))
            }
        }

        // BAK-2
        var targets: [(ref: ResourceRef, provider: String)] = [(backupsRef, backup.target)]
        for standby in c.resources.standbys {
            if let ref = standby.backups, !targets.contains(where: { $0.ref == ref }) { targets.append((ref, ref.provider)) }
        }
        let liveSite = c.instance.live.site
        for (ref, provider) in targets {
            guard let settings = c.spec.providers.withValue(named: provider, \.placement) else { continue }
            let address = c.address(of: ref)
            if settings.isDeclaredOffsite {
                out.append(.satisfied(.bak2, name, address, desired: "off-site", observed: "declared offsite",
                                      .backupTargetOffsite(target: provider)))
            } else if let site = settings.site {
                if site != liveSite {
                    out.append(.satisfied(.bak2, name, address, desired: "not at \(liveSite)", observed: "at \(site)",
                                          .backupTargetAway(target: provider, site: site, liveSite: liveSite)))
                } else {
                    out.append(.violated(.bak2, .warning, name, address, desired: "not at \(liveSite)", observed: "at \(site)",
                                         "Backup target \(provider) is at \(site), the live system's own site: a site failure loses the backups with the PBX. Move the backups off-site, or set offsite: true on a target outside your sites.",
                                         remedy: .alert))
                }
            } else {
                out.append(.violated(.bak2, .warning, name, address, desired: "not at \(liveSite)", observed: "no site declared",
                                     "Backup target \(provider) declares no site, so it may be lost with the live system's site \(liveSite). Declare its site, or offsite: true.",
                                     remedy: .alert))
            }
        }

        // BAK-3
        guard let liveRef else { return out }
        let liveAddress = c.address(of: liveRef)
        let wanted = "every \(Human.span(limit)) or more often"
        func scheduleFix(_ reason: String) -> Remedy {
            .fix(ProposedFix(type: .setBackupSchedule, target: liveAddress, role: .backup,
                             summary: "set the STARFACE backup schedule of \(liveRef.provider) to every \(Human.span(limit))",
                             reason: reason, parameters: [ActionParameter("interval", Human.span(limit))]))
        }
        switch c.starface(liveRef) {
        case .unknown(let error):
            out.append(.unknown(.bak3, .critical, name, liveAddress, desired: wanted, "The live STARFACE's backup schedule", because: error))
        case .absent:
            out.append(.unknown(.bak3, .critical, name, liveAddress, desired: wanted, "The live STARFACE's backup schedule",
                                because: ProviderError(.notFound, "the live STARFACE \(liveRef.provider) does not exist", provider: liveRef.provider, resource: liveRef)))
        case .present(let state):
            if let configured = state.backupSchedule {
                if !configured.enabled || configured.interval == nil {
                    out.append(.violated(.bak3, .critical, name, liveAddress, desired: wanted,
                                         observed: configured.enabled ? "manual only" : "off",
                                         "The live STARFACE \(liveRef.provider) makes no periodic backups; BAK-1 then depends on someone remembering.",
                                         remedy: scheduleFix(configured.enabled ? "manual only" : "schedule off")))
                } else if let interval = configured.interval, interval > limit {
                    out.append(.violated(.bak3, .warning, name, liveAddress, desired: wanted, observed: "every \(Human.span(interval))",
                                         "The live STARFACE \(liveRef.provider) backs up every \(Human.span(interval)), less often than \(limitSource) of \(Human.span(limit)).",
                                         remedy: scheduleFix("every \(Human.span(interval)) > \(Human.span(limit))")))
                } else {
                    out.append(.satisfied(.bak3, name, liveAddress, desired: wanted,
                                          observed: "every \(Human.span(configured.interval ?? .zero))",
                                          .backupSchedule(interval: configured.interval ?? .zero)))
                }
            } else {
                let reason = state.unreadable?["backup_schedule"].map { "the backup schedule could not be read: \($0)" }
                    ?? (state.reachable ? "the provider did not report the backup schedule" : "the live STARFACE did not answer")
                out.append(.unknown(.bak3, .critical, name, liveAddress, desired: wanted, "The live STARFACE's backup schedule",
                                    because: ProviderError(state.reachable ? .unsupported : .unreachable, reason,
                                                           provider: liveRef.provider, resource: liveRef)))
            }
        }
        return out
    }
}
