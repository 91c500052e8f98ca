/// Objectives the declared redundancy can never meet are flagged at validation time
/// (an RPO below the best replication RPO, say), not only later at plan time.
///
/// "Best by design" assumes every declared mechanism works; the planner later computes
/// what is achieved from what is observed (OBJ-1).
enum ObjectiveChecks {
    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        for entry in spec.instances.entries {
            let instance = entry.value
            let objectives = spec.objectives(for: instance)
            let path = SpecPath("instances").appending(entry.name)
            let design = DesignedRecovery(instance: instance, spec: spec)
            check(objectives.host, scenario: "host", best: design.hostFailure, path, &report)
            check(objectives.site, scenario: "site", best: design.siteFailure, path, &report)
            check(objectives.platform, scenario: "platform", best: design.platformFailure, path, &report)
        }
    }

    private static func check(_ objective: Objective?, scenario: String, best: [DesignedRecovery.Option],
                              _ path: SpecPath, _ report: inout ValidationReport) {
        guard let objective, !best.isEmpty else { return }
        let objectivePath = path.appending("objectives").appending(scenario)
        if let rpo = objective.rpo, let option = best.min(by: { $0.rpo < $1.rpo }), rpo < option.rpo {
            report.error(.objectiveUnreachable, objectivePath.appending("rpo"),
                         "the \(scenario)-failure RPO objective \(rpo) is below the best the declared redundancy offers (\(option.rpo) via \(option.mechanism))",
                         hint: "raise the objective, or declare a mechanism with a smaller RPO")
        }
        if let rto = objective.rto, let option = best.min(by: { $0.rto < $1.rto }), rto < option.rto {
            report.warning(.objectiveUnreachable, objectivePath.appending("rto"),
                           "the \(scenario)-failure RTO objective \(rto) is below the best estimate for the declared redundancy (\(option.rto) via \(option.mechanism))",
                           hint: "raise the objective, declare faster redundancy, or correct the recovery: estimates")
        }
    }
}

/// The recovery each failure scenario could have if every declared mechanism works.
struct DesignedRecovery {
    struct Option {
        var mechanism: String
        var rto: TimeSpan
        var rpo: TimeSpan
    }

    let hostFailure: [Option]
    let siteFailure: [Option]
    let platformFailure: [Option]

    init(instance: Instance, spec: Spec) {
        let estimates = instance.recovery
        let liveSite = instance.live.site
        let geo = instance.geo.filter { $0.site != liveSite }.map {
            Option(mechanism: "geo replica at \($0.site)", rto: TimeSpan(seconds: estimates.failover.seconds + estimates.routingConvergence.seconds), rpo: $0.rpo)
        }
        var standbys: [Option] = []
        var offsiteStandbys: [Option] = []
        if let interval = instance.backups.starface?.interval {
            for standby in instance.platform where standby.platform != instance.live.platform {
                let option = Option(mechanism: "standby \(standby.name)", rto: estimates.backupImport, rpo: interval)
                standbys.append(option)
                if standby.site != liveSite { offsiteStandbys.append(option) }
            }
        }
        var local: [Option] = []
        if instance.local.faultTolerance != .off {
            local.append(Option(mechanism: "Fault Tolerance", rto: .zero, rpo: .zero))
        }
        if instance.local.cluster != .off {
            local.append(Option(mechanism: "HA cluster", rto: estimates.vmBoot, rpo: .zero))
        }
        hostFailure = local + geo + standbys
        siteFailure = geo + offsiteStandbys
        platformFailure = standbys
    }
}
