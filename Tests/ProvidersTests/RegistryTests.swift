import Foundation
import Providers
import Spec
import Testing

/// `ProviderRegistry(spec:)` builds real providers for the types of this branch.
@Suite("Provider registry: STARFACE, backup targets, Veeam")
struct RegistryTests {
    static let yaml = """
        apiVersion: sfreconcile/v1
        sites: { muc: {}, ham: {}, ber: {} }
        providers:
          vc: { type: vsphere, url: "https://vc.example.com/sdk", username: svc, password: "${env:VC_PASSWORD}", site: muc }
          pbx-live:
            type: starface
            url: https://pbx.example.com
            loginId: "0001"
            password: ${env:PBX_PASSWORD}
            ssh: { host: pbx.example.com, user: sfreconcile, keyFile: /etc/sfreconcile/id_ed25519 }
            backupHook: { command: [/usr/local/bin/start-backup] }
          pbx-standby: { type: starface, url: "https://standby.example.com", loginId: "0001", password: "${env:PBX_PASSWORD}" }
          s3: { type: s3, endpoint: "https://s3.example.net", region: eu-central-1, bucket: b, accessKey: k, secretKey: "${env:S3}", site: ber }
          sftp: { type: sftp, host: backup.example.com, user: sf, keyFile: /etc/sfreconcile/id_ed25519, path: /srv/backups, site: ber }
          dav: { type: webdav, url: "https://dav.example.com/backups/", site: ber }
          nas: { type: directory, path: /mnt/starface, site: ham }
          veeam: { type: veeam, url: "https://veeam.example.com:9419", username: svc, password: "${env:VEEAM}" }
          srm: { type: srm, url: "https://srm.example.com", username: svc, password: "${env:SRM}" }
        instances:
          pbx:
            live: { site: muc, platform: vm, vm: { provider: vc, name: starface01 }, starface: pbx-live }
            platform:
              - { name: appliance, site: ham, platform: appliance, starface: pbx-standby, restoreFrom: s3 }
            backups:
              starface: { target: s3, prefix: pbx/, interval: 24h }
              vm: { provider: veeam, job: STARFACE, interval: 24h }
        """

    @Test("starface, s3, sftp, webdav, directory and veeam entries become real providers")
    func builds() throws {
        let loaded = SpecLoader().load([SpecSourceFile(path: "spec.yaml", bytes: Array(Self.yaml.utf8))])
        #expect(loaded.isValid, "\(loaded.diagnostics.map(\.message))")
        let registry = ProviderRegistry(spec: loaded.spec, factory: ProviderFactory(environment: [:]))

        let live = try #require(registry["pbx-live"] as? StarfaceProvider)
        #expect(live.platform == .vm)
        #expect(live.capabilities.canPerform(.triggerBackup))
        let standby = try #require(registry["pbx-standby"] as? StarfaceProvider)
        #expect(standby.platform == .appliance)
        #expect(!standby.capabilities.canPerform(.triggerBackup))

        let kinds: [(String, ProviderSettings.Kind)] = [("s3", .s3), ("sftp", .sftp), ("dav", .webdav), ("nas", .directory)]
        for (name, kind) in kinds {
            let target = try #require(registry[name] as? BackupTargetProvider, "\(name)")
            #expect(target.type == kind)
            #expect(target.capabilities.canObserve(.backups))
        }
        #expect(registry["s3"].map { ($0 as? BackupTargetProvider)?.target is S3Target } == true)
        #expect(registry["veeam"] is VeeamProvider)
        #expect(registry["veeam"]?.capabilities.canPerform(.startBackupJob) == true)
        #expect(registry["srm"] is SRMProvider)
        #expect(StarfacePlatforms.derive(from: loaded.spec) == ["pbx-live": .vm, "pbx-standby": .appliance])
    }

    @Test("the SFTP target warns when the host key is not checked; the directory target does not")
    func warnings() throws {
        let loaded = SpecLoader().load([SpecSourceFile(path: "spec.yaml", bytes: Array(Self.yaml.utf8))])
        let registry = ProviderRegistry(spec: loaded.spec, factory: ProviderFactory(environment: [:]))
        #expect(registry["sftp"]?.warnings.first?.contains("host key of backup.example.com is not verified") == true)
        #expect(registry["pbx-live"]?.warnings.contains { $0.contains("host key of pbx.example.com") } == true)
        #expect(registry["nas"]?.warnings == [])
    }

    @Test("observations of a misaddressed kind are unknown, never absent")
    func wrongKinds() async throws {
        let loaded = SpecLoader().load([SpecSourceFile(path: "spec.yaml", bytes: Array(Self.yaml.utf8))])
        let registry = ProviderRegistry(spec: loaded.spec, factory: ProviderFactory(environment: [:]))
        let ref = ResourceRef.vm("x", on: "nas")
        let observation = await registry["nas"]?.observe([ref])[ref]
        #expect(observation?.error?.kind == .unsupported)
        let veeamRef = ResourceRef.starface("veeam")
        #expect(await registry["veeam"]?.observe([veeamRef])[veeamRef]?.error?.kind == .unsupported)
    }
}
