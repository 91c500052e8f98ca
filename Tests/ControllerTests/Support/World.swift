import Controller
import Foundation
import Providers
import Spec
import Testing

/// A small estate for rule tests: one instance `pbx` with every kind of redundancy, a spec
/// that asks for it, and an observed estate in which every rule holds. A test changes one
/// thing and looks at what one rule says.
///
/// Sites: `a` (live), `b` (geo replica, standby, backups). Observation at `World.t0`.
struct World {
    static let t0 = Timestamp.parse("2026-11-25T10:00:00Z")!   // a Wednesday
    static let v9 = StarfaceVersion(8, 1, 0, 9)
    static let v11 = StarfaceVersion(8, 1, 0, 11)
    static let v12 = StarfaceVersion(8, 2, 0, 1)

    static let liveVMRef = ResourceRef.vm("starface-pbx01", on: "vc")
    static let replicaVMRef = ResourceRef.vm("starface-pbx01", on: "vc-b")
    static let liveRef = ResourceRef.starface("live")
    static let standbyRef = ResourceRef.starface("standby")
    static let backupsRef = ResourceRef.backups(on: "s3", prefix: "pbx/")
    static let jobRef = ResourceRef.backupJob("STARFACE VM", on: "veeam")
    static let replicationRef = ResourceRef.replication(of: "starface-pbx01", on: "srm")

    static let baseSpec = """
    apiVersion: sfreconcile/v1
    objectives:
      host: { rto: 0s, rpo: 0s }
      site: { rto: 5m, rpo: 15m }
      platform: { rto: 30m, rpo: 24h }
    sites: { a: {}, b: {} }
    providers:
      vc: { type: vsphere, url: https://vc-a.example.com/sdk, username: svc, password: "${env:VC_PASSWORD}", site: a }
      vc-b: { type: vsphere, url: https://vc-b.example.com/sdk, username: svc, password: "${env:VC_PASSWORD}", site: b }
      srm: { type: srm, url: https://srm.example.com, username: svc, password: "${env:SRM_PASSWORD}", site: a }
      live: { type: starface, url: https://pbx.example.com, loginId: "0001", password: "${env:PBX_PASSWORD}", site: a }
      standby: { type: starface, url: https://standby.example.com, loginId: "0001", password: "${env:STANDBY_PASSWORD}", site: b }
      s3: { type: s3, endpoint: https://s3.example.net, region: eu-central-1, bucket: backups, accessKey: "${env:S3_KEY}", secretKey: "${env:S3_SECRET}", site: b }
      veeam: { type: veeam, url: https://veeam.example.com:9419, username: svc, password: "${env:VEEAM_PASSWORD}", site: b }
    instances:
      pbx:
        live: { site: a, platform: vm, vm: { provider: vc, name: starface-pbx01 }, starface: live }
        version: { policy: equal }
        hardware: { vcpus: 4, coresPerSocket: 2 }
        local: { faultTolerance: required }
        geo:
          - { site: b, via: { provider: srm, protectionGroup: pg }, rpo: 15m, ipConfig: identical }
        platform:
          - { name: appliance, site: b, platform: appliance, starface: standby, restoreFrom: s3 }
        backups:
          starface: { target: s3, prefix: pbx/, interval: 24h }
          vm: { provider: veeam, job: "STARFACE VM", interval: 24h, grace: 2h }
        snapshots: { maxAge: 72h, protect: ["keep-*"] }
    policy:
      maintenanceWindows:
        - { days: [sat, sun], from: "22:00", to: "05:00", timeZone: Europe/Berlin }
    """

    var specText = World.baseSpec
    var observedAt = World.t0
    var liveVM: VMState
    var replicaVM: VMState
    var live: StarfaceSystemState
    var standby: StarfaceSystemState
    var backups: BackupListing
    var job: BackupJobState
    var replication: ReplicationState
    /// Observations that replace the ones above (absent, unknown).
    var overrides: [ResourceRef: Observation] = [:]
    var history: [ObservedEstate] = []

    init() {
        var vm = VMState(hypervisor: .vsphere, id: "vm-42", name: "starface-pbx01")
        vm.powerState = .poweredOn
        vm.numCPU = 4
        vm.coresPerSocket = 2
        vm.cpuModel = "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz"
        vm.evcMode = "intel-cascadelake"
        vm.clusterName = "cl-a"
        vm.haEnabled = true
        vm.hostName = "esx-a-01"
        vm.ftState = .running
        liveVM = vm
        var replica = VMState(hypervisor: .vsphere, id: "vm-7", name: "starface-pbx01")
        replica.powerState = .poweredOff
        replica.numCPU = 4
        replica.coresPerSocket = 2
        replica.evcMode = "intel-cascadelake"
        replicaVM = replica
        live = StarfaceSystemState(reachable: true, version: World.v11, platform: .vm,
                                   licence: StarfaceLicence(serverLicence: true, platform: .vm),
                                   backupSchedule: StarfaceBackupSchedule(enabled: true, interval: .hours(24)))
        standby = StarfaceSystemState(reachable: true, version: World.v11, platform: .appliance,
                                      licence: StarfaceLicence(serverLicence: true, platform: .appliance))
        backups = BackupListing(location: "s3://backups/pbx/", files: [
            BackupFile(name: "backup-old.sar", modified: World.t0.addingTimeInterval(-3 * 86_400), size: 4_000_000),
            BackupFile(name: "backup-new.sar", modified: World.t0.addingTimeInterval(-2 * 3600), size: 4_000_000),
        ])
        var job = BackupJobState(name: "STARFACE VM")
        job.mode = .reverseIncremental
        job.enabled = true
        job.interval = .hours(24)
        job.lastRun = World.t0.addingTimeInterval(-11 * 3600)
        job.lastResult = .success
        job.lastSuccess = World.t0.addingTimeInterval(-10 * 3600)
        job.vms = ["starface-pbx01"]
        self.job = job
        var replication = ReplicationState(mechanism: .srm, state: "READY_STATE")
        replication.health = .normal
        replication.rpo = .minutes(15)
        replication.lastReplication = World.t0.addingTimeInterval(-120)
        replication.protectionGroup = "pg"
        replication.ipCustomization = false
        self.replication = replication
    }

    /// The base spec with `old` replaced by `new`.
    mutating func edit(_ old: String, _ new: String) {
        precondition(specText.contains(old), "spec text not found: \(old)")
        specText = specText.replacingOccurrences(of: old, with: new)
    }

    /// A snapshot `age` seconds old at the observation.
    func snapshot(_ name: String, age: Int, id: String? = nil) -> VMSnapshot {
        VMSnapshot(id: id ?? "snapshot-\(name)", name: name, createTime: observedAt.addingTimeInterval(-Double(age)))
    }

    func spec(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Spec {
        let loaded = SpecLoader().load([SpecSourceFile(path: "spec.yaml", bytes: Array(specText.utf8))])
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        try #require(errors.isEmpty, "spec invalid: \(errors.map(\.message))", sourceLocation: sourceLocation)
        return loaded.spec
    }

    var estate: ObservedEstate {
        var resources: [ResourceRef: Observation] = [
            World.liveVMRef: .present(.vm(liveVM)),
            World.replicaVMRef: .present(.vm(replicaVM)),
            World.liveRef: .present(.starface(live)),
            World.standbyRef: .present(.starface(standby)),
            World.backupsRef: .present(.backups(backups)),
            World.jobRef: .present(.backupJob(job)),
            World.replicationRef: .present(.replication(replication)),
        ]
        resources.merge(overrides) { _, new in new }
        return ObservedEstate(observedAt: observedAt, resources: resources)
    }

    func context(now: Date? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> InstanceContext {
        let context = RuleContext(spec: try spec(sourceLocation: sourceLocation), estate: estate, now: now ?? observedAt,
                                  history: LiveVersionHistory(estates: history))
        return try #require(context.instance("pbx"), sourceLocation: sourceLocation)
    }

    /// The findings of `family` for `pbx`.
    func findings(_ family: some RuleFamily, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Finding] {
        family.findings(for: try context(sourceLocation: sourceLocation))
    }

    /// The plan of the whole world at `now` (default: the observation time).
    func plan(now: Date? = nil, redactor: Redactor = Redactor(), sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Plan {
        Planner().plan(PlanRequest(spec: try spec(sourceLocation: sourceLocation), estate: estate, now: now ?? observedAt,
                                   history: LiveVersionHistory(estates: history), redactor: redactor))
    }

    static func unreachable(_ provider: String) -> Observation {
        .unknown(ProviderError(.unreachable, "connection refused", provider: provider))
    }
}

extension Array where Element == Finding {
    /// The findings of `rule`.
    func of(_ rule: RuleID) -> [Finding] { filter { $0.rule == rule } }

    /// The only finding of `rule` (with `check`, when given).
    func one(_ rule: RuleID, check: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Finding {
        let matching = filter { $0.rule == rule && (check == nil || $0.check == check) }
        try #require(matching.count == 1, "expected one \(rule) finding\(check.map { " (\($0))" } ?? ""), got \(matching.count): \(matching.map(\.message))",
                     sourceLocation: sourceLocation)
        return matching[0]
    }

    var statuses: [Finding.Status] { map(\.status) }
}

extension Finding {
    /// The fix proposed, if any.
    var fix: ProposedFix? {
        if case .fix(let fix) = remedy { return fix }
        return nil
    }

    var isAlert: Bool {
        if case .alert = remedy { return true }
        return false
    }
}
