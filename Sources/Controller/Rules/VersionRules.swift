import Providers
import Spec

/// VER-1, VER-2, VER-3: STARFACE versions of the live system and of every system that may
/// import its backups.
///
/// - VER-1: each platform standby runs the live version (`version.policy: atLeast`: the
///   live version or newer). With `version.target`, every system's desired version is the
///   target (never below the live version): standbys are updated to it, then the live
///   system. Fix: `updateVersion`.
/// - VER-2: the newest backup's source version (derived from live-version sightings, see
///   `LiveVersionHistory`) is at most each importing standby's version. A backup that is
///   not provably importable is a violation. Fix: `updateVersion` of the standby.
/// - VER-3: no fix may downgrade, and the live system is not updated while a standby
///   cannot follow (its version unknown, it would need a downgrade, or policy forbids
///   updating it). Remedy: block the action and alert.
public struct VersionRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.ver1, .ver2, .ver3] }

    public func findings(for c: InstanceContext) -> [Finding] {
        let name = c.name
        let instance = c.instance
        let policy = instance.version.policy
        let target = instance.version.target
        let live = c.liveVersion()
        let liveRef = c.resources.liveStarface
        let liveAddress = liveRef.map(c.address(of:)) ?? "instances.\(name).live.starface"
        let liveLabel = "the live system" + (liveRef.map { " (\($0.provider))" } ?? "")
        var out: [Finding] = []
        var blocks: [Finding] = []

        // VER-1 for the live system against the target.
        var liveMovesTo: StarfaceVersion?
        var liveUpdateID: String?
        if let target {
            switch live {
            case .unknown(let error):
                out.append(.unknown(.ver1, .warning, name, liveAddress, check: "target", desired: target.description,
                                    "The live system's version", because: error))
            case .known(let version) where version == target:
                out.append(.satisfied(.ver1, name, liveAddress, check: "target", desired: target.description,
                                      observed: version.description, .liveAtTarget(liveProvider: liveRef?.provider, target: target)))
            case .known(let version):
                let fix = ProposedFix(type: .updateVersion, target: liveAddress, role: .live, guardedVM: c.resources.liveVM,
                                      summary: "update STARFACE of \(liveLabel) \(version) → \(target)",
                                      reason: "\(version) ≠ target \(target)",
                                      parameters: [ActionParameter("from", version.description), ActionParameter("version", target.description)])
                if version < target {
                    liveMovesTo = target
                    liveUpdateID = fix.actionID
                    out.append(.violated(.ver1, .warning, name, liveAddress, check: "target", desired: target.description,
                                         observed: version.description,
                                         "\(liveLabel.capitalizedFirst) runs \(version); the spec's version target is \(target). Redundancy systems are updated first, then the live system.",
                                         remedy: .fix(fix)))
                } else {
                    out.append(.violated(.ver1, .warning, name, liveAddress, check: "target", desired: target.description,
                                         observed: version.description,
                                         "\(liveLabel.capitalizedFirst) runs \(version), newer than the spec's version target \(target).",
                                         remedy: .fix(fix)))
                    blocks.append(.violated(.ver3, .critical, name, liveAddress, check: "downgrade", desired: "no downgrade",
                                            observed: "\(version) → \(target)",
                                            "Reaching the version target \(target) would downgrade \(liveLabel) from \(version); STARFACE is never downgraded. Raise version.target to \(version) or remove it.",
                                            remedy: .block(actionID: fix.actionID)))
                }
            }
        }

        // What every standby should run: the live version, or the target when the live
        // system is about to move up to it.
        let desired: StarfaceVersion? = live.value.map { version in target.map { Swift.max($0, version) } ?? version }
        var cannotFollow: [String] = []

        for (index, standby) in instance.platform.enumerated() {
            let resources = c.resources.standbys[index]
            let ref = resources.starface
            let address = c.address(of: ref)
            let label = "standby \(standby.name) (\(ref.provider))"
            let standbyVersion = c.version(of: ref, role: "the standby")

            // VER-1
            switch (live, standbyVersion) {
            case (.unknown(let error), _):
                out.append(.unknown(.ver1, .critical, name, address, "The live system's version, which \(label) must match,",
                                    because: error))
            case (_, .unknown(let error)):
                out.append(.unknown(.ver1, .critical, name, address, desired: desired?.description,
                                    "The version of \(label)", because: error))
            case (.known(let liveVersion), .known(let version)):
                let wanted = desired ?? liveVersion
                let holds = policy == .equal ? version == wanted : version >= wanted
                let relation = policy == .equal ? wanted.description : "≥ \(wanted)"
                if holds {
                    out.append(.satisfied(.ver1, name, address, desired: relation, observed: version.description,
                                          .standbyVersion(standby: standby.name, provider: ref.provider, version: version, live: liveVersion)))
                } else {
                    let fix = ProposedFix(type: .updateVersion, target: address, role: .redundancy,
                                          summary: "update STARFACE of \(label) \(version) → \(wanted)",
                                          reason: "\(version) ≠ \(relation)",
                                          parameters: [ActionParameter("from", version.description), ActionParameter("version", wanted.description)])
                    if version < wanted {
                        let behindLive = version < liveVersion
                        let message = behindLive
                            ? "\(label.capitalizedFirst) runs STARFACE \(version), the live system \(liveVersion): it cannot import the live system's backups. Update it before the live system moves further."
                            : "\(label.capitalizedFirst) runs \(version); it must reach the version target \(wanted) before the live system is updated."
                        out.append(.violated(.ver1, behindLive ? .critical : .warning, name, address, desired: relation,
                                             observed: version.description, message, remedy: .fix(fix)))
                    } else {
                        out.append(.violated(.ver1, .warning, name, address, desired: relation, observed: version.description,
                                             "\(label.capitalizedFirst) runs \(version), newer than the live system's \(liveVersion); the spec asks for the same version (version.policy: equal).",
                                             remedy: .fix(fix)))
                        blocks.append(.violated(.ver3, .critical, name, address, check: "downgrade", desired: "no downgrade",
                                                observed: "\(version) → \(wanted)",
                                                "Matching the live system would downgrade \(label) from \(version) to \(wanted); STARFACE is never downgraded. Update the live system, or set version.policy: atLeast.",
                                                remedy: .block(actionID: fix.actionID)))
                    }
                }
            }

            // Can this standby follow the live system to `liveMovesTo` (VER-3)?
            if let next = liveMovesTo {
                switch standbyVersion {
                case .unknown(let error):
                    cannotFollow.append("\(label): its version is unknown (\(error.briefDescription))")
                case .known(let version):
                    if policy == .equal && version > next {
                        cannotFollow.append("\(label) runs \(version) and would need a downgrade")
                    } else if version < next && c.spec.policy.actions.updateVersion == .never {
                        cannotFollow.append("\(label) runs \(version) and policy.actions.updateVersion is never")
                    }
                }
            }

            // VER-2
            guard let backupsRef = resources.backups else { continue }
            switch c.backups(backupsRef) {
            case .unknown(let error):
                out.append(.unknown(.ver2, .critical, name, address, check: backupsRef.provider,
                                    "Whether \(label) can import the newest backup", because: error))
            case .absent:
                continue   // no backups at all: BAK-1 reports it
            case .present(let listing):
                guard let newest = StarfaceBackups.newest(in: listing) else { continue }
                guard let liveRef else {
                    out.append(.unknown(.ver2, .critical, name, address, check: backupsRef.provider,
                                        "The version that made the newest backup",
                                        because: ProviderError(.configuration, "live.starface is not set")))
                    continue
                }
                let current = live.value.map { LiveVersionHistory.Sighting(time: c.context.estate.observedAt, version: $0) }
                guard let made = c.context.history.bounds(of: liveRef, at: newest.modified, current: current) else {
                    out.append(.unknown(.ver2, .critical, name, address, check: backupsRef.provider,
                                        "The version that made the newest backup (\(newest.name))",
                                        because: ProviderError(.unsupported, "no version of the live system was observed at or after \(Human.time(newest.modified))",
                                                               provider: liveRef.provider, resource: liveRef)))
                    continue
                }
                switch standbyVersion {
                case .unknown(let error):
                    out.append(.unknown(.ver2, .critical, name, address, check: backupsRef.provider,
                                        desired: "≥ \(made.upper)", "Whether \(label) can import the newest backup", because: error))
                case .known(let version):
                    if made.upper <= version {
                        out.append(.satisfied(.ver2, name, address, check: backupsRef.provider, desired: "≥ \(made.upper)",
                                              observed: version.description,
                                              .backupImportable(backup: newest, target: backupsRef.provider, made: made, standby: standby.name,
                                                                provider: ref.provider, version: version)))
                    } else {
                        let backupText = "The newest backup \(newest.name) (\(Human.time(newest.modified)), on \(backupsRef.provider))"
                        let certain = made.lower.map { $0 > version } ?? false
                        let wanted = Swift.max(made.upper, desired ?? made.upper)
                        let fix = ProposedFix(type: .updateVersion, target: address, role: .redundancy,
                                              summary: "update STARFACE of \(label) \(version) → \(wanted)",
                                              reason: "newest backup made by \(made.description)",
                                              parameters: [ActionParameter("from", version.description), ActionParameter("version", wanted.description)])
                        let message = certain
                            ? "\(backupText) was made by \(made.description); \(label) runs \(version) and cannot import it (backups import only on the same or a newer version)."
                            : "\(backupText) was made by \(made.description); \(label) runs \(version) and may not be able to import it (backups import only on the same or a newer version)."
                        out.append(.violated(.ver2, .critical, name, address, check: backupsRef.provider,
                                             desired: "≥ \(made.upper)", observed: version.description, message, remedy: .fix(fix)))
                    }
                }
            }
        }

        // VER-3
        if let liveUpdateID, !cannotFollow.isEmpty {
            blocks.append(.violated(.ver3, .critical, name, liveAddress, check: "follow", desired: "every redundancy system can follow",
                                    observed: Count.of(cannotFollow.count, "system") + " cannot",
                                    "The live system is not updated to \(liveMovesTo!) while a redundancy system cannot follow: "
                                        + cannotFollow.joined(separator: "; ") + ".",
                                    remedy: .block(actionID: liveUpdateID)))
        }
        if !blocks.isEmpty {
            out += blocks
        } else if target != nil || !instance.platform.isEmpty {
            switch live {
            case .unknown(let error):
                out.append(.unknown(.ver3, .critical, name, liveAddress, "Whether a version change would downgrade", because: error))
            case .known:
                out.append(.satisfied(.ver3, name, liveAddress, desired: "no downgrade", observed: "none planned",
                                      "No version change downgrades a system, and every redundancy system can follow the live system."))
            }
        }
        return out
    }
}

/// Which backup files count as STARFACE backups.
enum StarfaceBackups {
    /// The most recent `.sar` file with content: a zero-byte file is a failed backup.
    static func newest(in listing: BackupListing) -> BackupFile? {
        var best: BackupFile?
        for file in listing.files where file.size > 0 && isSAR(file.name) {
            if best == nil || file.modified > best!.modified { best = file }
        }
        return best
    }

    /// `name.lowercased().hasSuffix(".sar")`, byte by byte when the name ends in plain
    /// ASCII (lower-casing every file name was most of this search's time).
    static func isSAR(_ name: String) -> Bool {
        let utf8 = name.utf8
        var index = utf8.endIndex
        for expected in ".sar".utf8.reversed() {
            guard index > utf8.startIndex else { return false }
            index = utf8.index(before: index)
            let byte = utf8[index]
            guard byte < 0x80 else { return name.lowercased().hasSuffix(".sar") }
            if (byte >= 65 && byte <= 90 ? byte + 32 : byte) != expected { return false }
        }
        // A non-ASCII byte before the dot could join it into one character: ask Unicode.
        if index > utf8.startIndex, utf8[utf8.index(before: index)] >= 0x80 { return name.lowercased().hasSuffix(".sar") }
        return true
    }
}

extension String {
    /// The string with its first letter upper-cased ("the live system" → "The live system").
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
