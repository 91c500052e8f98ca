/// Objectives the declared redundancy can never meet are flagged at validation time
/// (an RPO below the best replication RPO, say), not only later at plan time.
///
/// "Best by design" assumes every declared mechanism works; the planner later computes
/// what is achieved from what is observed (OBJ-1).
enum ObjectiveChecks {
    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        for entry in spec.instances.entries {
            let instance = entry.value
            guard report.isClean(SpecPath("instances").appending(entry.name)) else { continue }
            let objectives = spec.objectives(for: instance)
            let design = DesignedRecovery(instance: instance, spec: spec)
            let check = ObjectiveCheck(instanceName: entry.name, instance: instance)
            check.run(objectives.host, scenario: "host", best: design.hostFailure, &report)
            check.run(objectives.site, scenario: "site", best: design.siteFailure, &report)
            check.run(objectives.platform, scenario: "platform", best: design.platformFailure, &report)
        }
    }
}

/// Compares one instance's objectives with what its declared redundancy can offer.
private struct ObjectiveCheck {
    let instanceName: String
    let instance: Instance

    func run(_ objective: Objective?, scenario: String, best: [DesignedRecovery.Option], _ report: inout ValidationReport) {
        guard let objective, !best.isEmpty else { return }
        if let rpo = objective.rpo, let option = best.min(by: { $0.rpo < $1.rpo }), rpo < option.rpo {
            report.error(.objectiveUnreachable, path(scenario, "rpo"),
                         "instance \"\(instanceName)\": the \(scenario)-failure RPO objective \(rpo) is below the best its declared redundancy offers (\(option.rpo) via \(option.mechanism))",
                         hint: "raise the objective for this instance (instances.\(instanceName).objectives.\(scenario).rpo), or declare a mechanism with a smaller RPO")
        }
        if let rto = objective.rto, let option = best.min(by: { $0.rto < $1.rto }), rto < option.rto {
            report.warning(.objectiveUnreachable, path(scenario, "rto"),
                           "instance \"\(instanceName)\": the \(scenario)-failure RTO objective \(rto) is below the best estimate for its declared redundancy (\(option.rto) via \(option.mechanism))",
                           hint: "raise the objective, declare faster redundancy, or correct the recovery: estimates")
        }
    }

    /// The objective as the instance overrides it, or else as the top level sets it.
    private func path(_ scenario: String, _ key: String) -> SpecPath {
        let overrides: Objective? = switch scenario {
        case "host": instance.objectives?.host
        case "site": instance.objectives?.site
        default: instance.objectives?.platform
        }
        let isOverridden = key == "rpo" ? overrides?.rpo != nil : overrides?.rto != nil
        let base = isOverridden ? SpecPath("instances").appending(instanceName).appending("objectives") : SpecPath("objectives")
        return base.appending(scenario).appending(key)
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
