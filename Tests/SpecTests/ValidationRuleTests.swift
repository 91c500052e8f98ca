import Spec
import Testing

/// Each semantic check of docs/spec.md, valid and invalid, one change from a valid spec.
@Suite("Validation rules")
struct ValidationRuleTests {
    @Test("the base spec is valid, without warnings")
    func baseIsValid() {
        let result = load(baseSpec)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.spec.instances["pbx"]?.geo.first?.rpo == .minutes(15))
        #expect(result.spec.policy.actions.approval(for: .updateVersion) == .never)
        #expect(result.spec.policy.actions.approval(for: .deleteSnapshot) == .auto)
    }

    /// A change to the base spec and the error it must cause.
    struct Mutation: CustomTestStringConvertible, Sendable {
        var old: String
        var new: String
        var code: DiagnosticCode
        var severity: Diagnostic.Severity = .error
        var testDescription: String { "\(code.rawValue): \(new.prefix(60))" }
    }

    static let mutations: [Mutation] = [
        // references
        .init(old: "site: muc\n      platform: vm", new: "site: mux\n      platform: vm", code: .unknownReference),
        .init(old: "vm: { provider: vc,", new: "vm: { provider: vcx,", code: .unknownReference),
        .init(old: "vm: { provider: vc,", new: "vm: { provider: s3,", code: .wrongReferenceType),
        .init(old: "starface: live-pbx", new: "starface: vc", code: .wrongReferenceType),
        .init(old: "via: { provider: srm,", new: "via: { provider: veeam,", code: .wrongReferenceType),
        .init(old: "restoreFrom: s3", new: "restoreFrom: veeam", code: .wrongReferenceType),
        .init(old: "starface: { target: s3", new: "starface: { target: vc", code: .wrongReferenceType),
        .init(old: "vm: { provider: veeam", new: "vm: { provider: vc", code: .wrongReferenceType),
        .init(old: "    site: ber\n", new: "    site: bre\n", code: .unknownReference),
        // redundancy
        .init(old: "{ site: ham, via: { provider: srm", new: "{ site: muc, via: { provider: srm", code: .geoSameSite),
        .init(old: "rpo: 15m }\n    platform:", new: "rpo: 2m }\n    platform:", code: .replicationRPO),
        .init(old: "rpo: 15m }\n    platform:", new: "rpo: 25h }\n    platform:", code: .replicationRPO),
        .init(old: "{ provider: srm, protectionGroup: pg }", new: "{ provider: srm }", code: .missingKey),
        .init(old: "{ provider: srm, protectionGroup: pg }", new: "{ provider: hv, replicaServer: r }", code: .wrongReferenceType),
        .init(old: "      vm: { provider: vc, name: starface01 }\n", new: "", code: .liveVMMismatch),
        .init(old: "platform: vm\n", new: "platform: cloud\n", code: .liveVMMismatch),
        .init(old: ", restoreFrom: s3 }", new: " }\n      - { name: appliance, site: ham, platform: cloud, starface: standby-pbx, restoreFrom: s3 }",
              code: .duplicateDefinition),
        // objectives
        .init(old: "site: { rto: 5m, rpo: 15m }", new: "site: { rto: 5m, rpo: 10m }", code: .objectiveUnreachable),
        .init(old: "platform: { rto: 30m, rpo: 24h }", new: "platform: { rto: 30m, rpo: 1h }", code: .objectiveUnreachable),
        .init(old: "local: { faultTolerance: required }", new: "local: { cluster: required }", code: .objectiveUnreachable, severity: .warning),
        // transport
        .init(old: "url: https://hv.example.com:5986/wsman", new: "url: http://hv.example.com:5985/wsman", code: .insecureTransport),
        // policy
        .init(old: "days: [sat, sun]", new: "days: []", code: .maintenanceWindow),
        .init(old: "to: \"05:00\"", new: "to: \"22:00\"", code: .maintenanceWindow),
        .init(old: "name: chat", new: "name: ops", code: .duplicateDefinition),
        // warnings
        .init(old: "platform: appliance, starface", new: "platform: vm, starface", code: .platformNotRedundant, severity: .warning),
        .init(old: "    site: ber\n", new: "    site: muc\n", code: .backupOnSite, severity: .warning),
        .init(old: "    site: ber\n", new: "", code: .backupOnSite, severity: .warning),
        .init(old: "url: https://vc.example.com/sdk", new: "url: http://vc.example.com/sdk", code: .insecureTransport, severity: .warning),
        .init(old: "    site: muc\n  srm:", new: "    site: muc\n    tls: { insecureSkipVerify: true }\n  srm:",
              code: .insecureTransport, severity: .warning),
        .init(old: "rpo: 15m }\n    platform:", new: "rpo: 15m, ipConfig: reip }\n    platform:", code: .invalidValue, severity: .warning),
        .init(old: "site: { rto: 5m, rpo: 15m }", new: "site: { rto: 1m, rpo: 15m }", code: .objectiveUnreachable, severity: .warning),
        // alert sinks
        .init(old: "url: \"${env:WEBHOOK}\", format: teams", new: "url: \"https://x.webhook.office.com/abc\", format: teams",
              code: .literalSecret, severity: .warning),
        .init(old: "format: teams, minSeverity", new: "format: teams, secret: \"${env:KEY}\", minSeverity", code: .invalidValue,
              severity: .warning),
        .init(old: "url: http://am.example.com:9093 }", new: "url: http://am.example.com:9093, tls: { insecureSkipVerify: true } }",
              code: .insecureTransport, severity: .warning),
        .init(old: "url: http://am.example.com:9093 }", new: "url: http://am.example.com:9093, tls: { caFil: /etc/ca.pem } }",
              code: .unknownKey),
    ]

    @Test("a single change causes the expected diagnostic", arguments: mutations)
    func mutation(_ mutation: Mutation) {
        let result = load(baseSpec(replacing: mutation.old, with: mutation.new))
        #expect(result.codes(mutation.severity).contains(mutation.code),
                "expected \(mutation.code) (\(mutation.severity)), got \(result.diagnostics.map { "\($0.code): \($0.message)" })")
        if mutation.severity == .warning {
            #expect(result.isValid, "a warning must not make the spec invalid: \(result.diagnostics.map(\.message))")
        }
        for diagnostic in result.diagnostics {
            #expect(diagnostic.location.file == "spec.yaml" && diagnostic.location.line > 1)
        }
    }

    @Test("the objective error points at the instance override when there is one")
    func objectiveLocation() throws {
        let yaml = baseSpec(replacing: "    snapshots: { maxAge: 72h", with: "    objectives: { site: { rpo: 1m } }\n    snapshots: { maxAge: 72h")
        let result = load(yaml)
        let diagnostic = try #require(result.diagnostics.first { $0.code == .objectiveUnreachable })
        #expect(diagnostic.path == "instances.pbx.objectives.site.rpo")
        #expect(diagnostic.message.contains("instance \"pbx\""))
    }

    @Test("Hyper-V replica RPOs: 30s, 5m and 15m only", arguments: [("30s", true), ("5m", true), ("15m", true), ("1m", false), ("10m", false), ("1h", false)])
    func hyperVFrequencies(rpo: String, valid: Bool) {
        let yaml = baseSpec(replacing: "vm: { provider: vc, name: starface01 }", with: "vm: { provider: hv, name: starface01 }")
            .replacingOccurrences(of: "local: { faultTolerance: required }", with: "local: { cluster: required }")
            .replacingOccurrences(of: "{ site: ham, via: { provider: srm, protectionGroup: pg }, rpo: 15m }",
                                  with: "{ site: ham, via: { provider: hv, replicaServer: hv-ham }, rpo: \(rpo) }")
            .replacingOccurrences(of: "host: { rto: 0s, rpo: 0s }", with: "host: { rto: 5m, rpo: 0s }")
            .replacingOccurrences(of: "site: { rto: 5m, rpo: 15m }", with: "site: { rto: 5m, rpo: 1h }")
        let result = load(yaml)
        #expect(result.codes().contains(.replicationRPO) == !valid, "\(result.diagnostics.map(\.message))")
    }

    @Test("a decoding error does not cause follow-on errors in the same value")
    func noCascade() {
        let result = load(baseSpec(replacing: "      site: muc\n      platform: vm\n", with: "      site: muc\n      platform: vmware\n"))
        #expect(result.codes() == [.invalidValue], "\(result.diagnostics.map(\.message))")
    }

    @Test("all problems are reported in one run")
    func allAtOnce() {
        let yaml = baseSpec(replacing: "vm: { provider: vc,", with: "vm: { provider: vcx,")
            .replacingOccurrences(of: "days: [sat, sun]", with: "days: [sat, sonntag]")
            .replacingOccurrences(of: "maxAge: 72h", with: "maxAge: 72")
            .replacingOccurrences(of: "bucket: backups", with: "bucket: backups\n    bucketName: x")
        let result = load(yaml)
        #expect(Set(result.codes()) == [.unknownReference, .invalidValue, .unknownKey])
        #expect(result.codes().count == 4)
    }
}
