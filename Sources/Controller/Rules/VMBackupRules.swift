import Foundation
import Providers
import Spec

/// VMB-1, VMB-2: hypervisor-level backups of the live VM (`backups.vm`), the primary
/// recovery from corruption or a bad change.
///
/// - VMB-1: the job exists, is enabled, covers the live VM, runs at least every
///   `interval`, and last succeeded at most `interval + grace` ago. Fix for a late job:
///   `startBackupJob`; everything else alerts.
/// - VMB-2: the job writes reverse-incremental chains (slower to write, much faster to
///   restore), unless `mode: any`. A warning.
public struct VMBackupRules: RuleFamily {
    public init() {}

    public var rules: [RuleID] { [.vmb1, .vmb2] }

    public func findings(for c: InstanceContext) -> [Finding] {
        guard let spec = c.instance.backups.vm, let ref = c.resources.vmBackupJob else { return [] }
        let name = c.name
        let address = c.address(of: ref)
        let vmName = c.instance.live.vm?.name
        let lateness = spec.interval.seconds + spec.grace.seconds
        var out: [Finding] = []

        switch c.backupJob(ref) {
        case .unknown(let error):
            out.append(.unknown(.vmb1, .critical, name, address, desired: "succeeded within \(Human.age(lateness))",
                                "The VM backup job \"\(spec.job)\"", because: error))
            if spec.mode != .any {
                out.append(.unknown(.vmb2, .warning, name, address, desired: spec.mode.rawValue,
                                    "The VM backup job's mode", because: error))
            }
        case .absent:
            out.append(.violated(.vmb1, .critical, name, address, check: "exists", desired: "a job covering the live VM",
                                 observed: "no such job",
                                 "The VM backup job \"\(spec.job)\" does not exist on \(ref.provider): the live VM has no VM backups.",
                                 remedy: .alert))
        case .present(let job):
            var problems: [Finding] = []
            if let vmName, !job.vms.contains(where: { $0.caseInsensitiveCompare(vmName) == .orderedSame }) {
                problems.append(.violated(.vmb1, .critical, name, address, check: "membership", desired: "covers \(vmName)",
                                          observed: job.vms.isEmpty ? "covers no VM" : "covers " + job.vms.joined(separator: ", "),
                                          "The VM backup job \"\(spec.job)\" does not include the live VM \(vmName): add it to the job.",
                                          remedy: .alert))
            }
            if job.enabled == false {
                problems.append(.violated(.vmb1, .critical, name, address, check: "enabled", desired: "enabled", observed: "disabled",
                                          "The VM backup job \"\(spec.job)\" is disabled.", remedy: .alert))
            }
            if let interval = job.interval {
                if interval > spec.interval {
                    problems.append(.violated(.vmb1, .warning, name, address, check: "interval", desired: "every \(Human.span(spec.interval))",
                                              observed: "every \(Human.span(interval))",
                                              "The VM backup job \"\(spec.job)\" runs every \(Human.span(interval)); the spec asks for every \(Human.span(spec.interval)). Change the job's schedule.",
                                              remedy: .alert))
                }
            } else {
                problems.append(.unknown(.vmb1, .warning, name, address, check: "interval", desired: "every \(Human.span(spec.interval))",
                                         "The VM backup job's schedule",
                                         because: ProviderError(.unsupported, "the provider did not report the job's schedule",
                                                                provider: ref.provider, resource: ref)))
            }
            let lastSuccess = job.lastSuccess ?? (job.lastResult == .success ? job.lastRun : nil)
            func start(_ reason: String) -> ProposedFix {
                ProposedFix(type: .startBackupJob, target: address, role: .backup,
                            summary: "start the VM backup job \"\(spec.job)\" on \(ref.provider)", reason: reason)
            }
            if let lastSuccess {
                let age = c.age(of: lastSuccess)
                if age > lateness {
                    let fix = start("last success \(Human.age(age)) ago > \(Human.age(lateness))")
                    problems.append(.violated(.vmb1, .warning, name, address, check: "freshness", desired: "succeeded within \(Human.age(lateness))",
                                              observed: "\(Human.age(age)) ago",
                                              "The VM backup job \"\(spec.job)\" last succeeded \(Human.age(age)) ago, more than its interval \(Human.span(spec.interval)) plus grace \(Human.span(spec.grace)).",
                                              remedy: .fix(fix)))
                }
            } else {
                let fix = start("never succeeded")
                problems.append(.violated(.vmb1, .critical, name, address, check: "freshness", desired: "succeeded within \(Human.age(lateness))",
                                          observed: job.lastResult.map { "never succeeded (last result \($0))" } ?? "never succeeded",
                                          "The VM backup job \"\(spec.job)\" has no successful run: the live VM has no usable VM backup.",
                                          remedy: .fix(fix)))
            }
            if problems.isEmpty {
                let age = lastSuccess.map { c.age(of: $0) } ?? 0
                out.append(.satisfied(.vmb1, name, address, desired: "succeeded within \(Human.age(lateness))", observed: "\(Human.age(age)) ago",
                                      .vmBackupJob(job: spec.job, interval: job.interval ?? spec.interval, age: age)))
            } else {
                out += problems
            }

            // VMB-2
            if spec.mode == .any {
                out.append(.satisfied(.vmb2, name, address, desired: "any", observed: job.mode?.rawValue ?? "not reported",
                                      "Any backup mode is accepted (mode: any)."))
            } else if let mode = job.mode {
                if mode == .reverseIncremental {
                    out.append(.satisfied(.vmb2, name, address, desired: "reverseIncremental", observed: mode.rawValue,
                                          "The VM backup job is reverse-incremental: the newest restore point is a full backup."))
                } else {
                    out.append(.violated(.vmb2, .warning, name, address, desired: "reverseIncremental", observed: mode.rawValue,
                                         "The VM backup job \"\(spec.job)\" is \(mode); reverse-incremental is slower to write but restores much faster. Change the job's backup mode, or set mode: any.",
                                         remedy: .alert))
                }
            } else {
                out.append(.unknown(.vmb2, .warning, name, address, desired: "reverseIncremental", "The VM backup job's mode",
                                    because: ProviderError(.unsupported, "the provider did not report the job's backup mode",
                                                           provider: ref.provider, resource: ref)))
            }
        }
        return out
    }
}
