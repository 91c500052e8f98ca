import Spec

/// Loads `yaml` as a one-file spec named `spec.yaml`.
func load(_ yaml: String, limits: YAMLLimits = .standard) -> SpecLoadResult {
    SpecLoader(limits: limits).load([SpecSourceFile(path: "spec.yaml", bytes: Array(yaml.utf8))])
}

/// Loads several in-memory files as one spec.
func load(files: [(String, String)]) -> SpecLoadResult {
    SpecLoader().load(files.map { SpecSourceFile(path: $0.0, bytes: Array($0.1.utf8)) })
}

extension SpecLoadResult {
    /// The codes of every diagnostic of `severity`.
    func codes(_ severity: Diagnostic.Severity = .error) -> [DiagnosticCode] {
        diagnostics.filter { $0.severity == severity }.map(\.code)
    }
}

/// A valid spec exercising every section; tests change one thing at a time.
let baseSpec = """
apiVersion: sfreconcile/v1
objectives:
  host: { rto: 0s, rpo: 0s }
  site: { rto: 5m, rpo: 15m }
  platform: { rto: 30m, rpo: 24h }
sites:
  muc: { description: primary }
  ham: {}
  ber: {}
providers:
  vc:
    type: vsphere
    url: https://vc.example.com/sdk
    username: svc
    password: ${env:VC_PASSWORD}
    site: muc
  srm:
    type: srm
    url: https://srm.example.com
    username: svc
    password: ${env:SRM_PASSWORD}
  hv:
    type: hyperv
    url: https://hv.example.com:5986/wsman
    username: svc
    password: ${env:HV_PASSWORD}
  live-pbx:
    type: starface
    url: https://pbx.example.com
    loginId: "0001"
    password: ${env:PBX_PASSWORD}
    ssh: { host: pbx.example.com, user: sf, keyFile: /etc/sfreconcile/key }
  standby-pbx:
    type: starface
    url: https://standby.example.com
    loginId: "0001"
    password: ${file:/etc/sfreconcile/standby}
  s3:
    type: s3
    endpoint: https://s3.example.net
    region: eu-central-1
    bucket: backups
    accessKey: ${env:S3_KEY}
    secretKey: ${env:S3_SECRET}
    site: ber
  veeam:
    type: veeam
    url: https://veeam.example.com:9419
    username: svc
    password: ${env:VEEAM_PASSWORD}
instances:
  pbx:
    live:
      site: muc
      platform: vm
      vm: { provider: vc, name: starface01 }
      starface: live-pbx
    hardware: { vcpus: 4, coresPerSocket: 2 }
    local: { faultTolerance: required }
    geo:
      - { site: ham, via: { provider: srm, protectionGroup: pg }, rpo: 15m }
    platform:
      - { name: appliance, site: ham, platform: appliance, starface: standby-pbx, restoreFrom: s3 }
    backups:
      starface: { target: s3, prefix: pbx/, interval: 24h }
      vm: { provider: veeam, job: STARFACE, interval: 24h }
    snapshots: { maxAge: 72h, protect: ["keep-*"] }
alerts:
  - { name: ops, type: alertmanager, url: http://am.example.com:9093 }
  - { name: chat, type: webhook, url: "${env:WEBHOOK}", format: teams, minSeverity: critical }
policy:
  actions: { updateVersion: never }
  maintenanceWindows:
    - { days: [sat, sun], from: "22:00", to: "05:00", timeZone: Europe/Berlin }
"""

/// `baseSpec` with the first occurrence of `old` replaced by `new` (which must exist).
func baseSpec(replacing old: String, with new: String) -> String {
    precondition(baseSpec.contains(old), "test mutation target not found: \(old)")
    guard let range = baseSpec.range(of: old) else { return baseSpec }
    return baseSpec.replacingCharacters(in: range, with: new)
}
