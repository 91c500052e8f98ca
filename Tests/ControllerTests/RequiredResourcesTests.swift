import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("required resources")
struct RequiredResourcesTests {
    @Test("the world's instance needs seven resources, each once, in address order")
    func world() throws {
        let refs = RequiredResources.for(spec: try World().spec())
        #expect(refs.map(\.description) == [
            "live/starface/system", "s3/backups/pbx/", "srm/replication/starface-pbx01", "standby/starface/system",
            "vc/vm/starface-pbx01", "vc-b/vm/starface-pbx01", "veeam/backup-job/STARFACE VM",
        ])
    }

    @Test("the company example: no hypervisor provider at the replica sites, so no replica VMs")
    func company() throws {
        let loaded = SpecLoader().load(path: Paths.root.appendingPathComponent("examples/company").path)
        try #require(loaded.isValid)
        let refs = RequiredResources.for(spec: loaded.spec).map(\.description)
        #expect(refs == [
            "hv-ham/replication/starface-contact", "hv-ham/vm/starface-contact", "pbx-contact/starface/system",
            "pbx-live/starface/system", "pbx-standby/starface/system", "s3-offsite/backups/pbx-contact/",
            "s3-offsite/backups/pbx-main/", "srm-muc/replication/starface-pbx01", "vc-muc/vm/starface-pbx01",
            "veeam/backup-job/STARFACE VM",
        ])
        let resolver = RequiredResources(spec: loaded.spec)
        let main = resolver.resources(for: loaded.spec.instances["pbx-main"]!, named: "pbx-main")
        #expect(main.replicas.first?.vm == nil)
        #expect(main.replicas.first?.vmUnobservable == "no vsphere provider declares site ham, so the replica VM there cannot be observed")
    }

    @Test("a standby restoring from another target adds that target's listing; two providers at a site are ambiguous")
    func restoreFromAndAmbiguity() throws {
        var world = World()
        world.edit("  veeam: { type: veeam", "  s3-b: { type: s3, endpoint: https://s3b.example.net, region: eu-central-1, bucket: b, accessKey: \"${env:K}\", secretKey: \"${env:S}\", site: b }\n  vc-b2: { type: vsphere, url: https://vc-b2.example.com/sdk, username: svc, password: \"${env:VC_PASSWORD}\", site: b }\n  veeam: { type: veeam")
        world.edit("restoreFrom: s3 }", "restoreFrom: s3-b }")
        let spec = try world.spec()
        let resources = RequiredResources(spec: spec).resources(for: spec.instances["pbx"]!, named: "pbx")
        #expect(resources.standbys.first?.backups?.description == "s3-b/backups/pbx/")
        #expect(resources.replicas.first?.vm == nil)
        #expect(resources.replicas.first?.vmUnobservable?.contains("ambiguous") == true)
        #expect(resources.all.contains(ResourceRef.backups(on: "s3-b", prefix: "pbx/")))
    }
}
