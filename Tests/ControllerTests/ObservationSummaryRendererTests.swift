import Controller
import Foundation
import Providers
import Testing
import TestSupport

@Suite("Observation summary")
struct ObservationSummaryRendererTests {
    @Test("counts, providers in name order, reasons and warnings")
    func render() {
        var estate = ObservedEstate(observedAt: Date(timeIntervalSince1970: 0))
        let refused = ProviderError(.auth, "vCenter refused the login of svc (InvalidLogin)",
                                    advice: "check the provider's username and the password secret it names", provider: "vc-ham")
        let unsupported = ProviderError.providerTypeNotSupported("s3", provider: "backups")
        estate.resources = [
            .vm("pbx", on: "vc-muc"): .absent,
            .vm("pbx-2", on: "vc-muc"): .present(.vm(VMState(hypervisor: .vsphere, name: "pbx-2"))),
            .vm("pbx", on: "vc-ham"): .unknown(refused),
            .backups(on: "backups", prefix: "pbx/"): .unknown(unsupported),
        ]
        estate.providers = [
            "vc-muc": ProviderStatus(type: .vsphere, state: .up, warnings: ["TLS certificate verification is off"],
                                     resources: 2, unknown: 0, durationMS: 41),
            "vc-ham": ProviderStatus(type: .vsphere, state: .down, error: refused, resources: 1, unknown: 1, durationMS: 12),
            "backups": ProviderStatus(type: .s3, state: .unsupported, error: unsupported, resources: 1, unknown: 1),
        ]
        #expect(ObservationSummaryRenderer.render(estate) == """
            observed 4 resources: 1 present, 1 absent, 2 unknown
              backups (s3): unsupported, 1 unknown (provider type s3 not supported yet in this version)
              vc-ham (vsphere): down, 1 unknown: auth: vCenter refused the login of svc (InvalidLogin)
                advice: check the provider's username and the password secret it names
              vc-muc (vsphere): up, 2 asked, 0 unknown, 41 ms
              warning: vc-muc: TLS certificate verification is off

            """)
    }
}
