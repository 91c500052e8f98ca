import Foundation
@testable import Providers
import Spec
import TestSupport

/// The vSphere provider's settings and a provider for a running simulator.
extension VCSim {
    /// Settings of a vsphere provider pointing at this simulator; the password is read from
    /// `VC_PASSWORD` in the environment the provider is given.
    func settings(caFile: String? = nil, insecure: Bool = false, timeout: TimeSpan = .seconds(10)) -> VSphereSettings {
        var settings = VSphereSettings()
        settings.endpoint.url = EndpointURL(parsing: url)!
        settings.endpoint.username = .text("sfreconcile")
        settings.endpoint.password = .environment("VC_PASSWORD")
        settings.endpoint.tls.caFile = caFile
        settings.endpoint.tls.insecureSkipVerify = insecure
        settings.timeout = timeout
        return settings
    }

    /// A provider for this simulator.
    func provider(name: String = "vc", password: String = "any-password", caFile: String? = nil, insecure: Bool = false,
                  retry: RetryPolicy = .standard) -> VSphereProvider {
        VSphereProvider(name: name, settings: settings(caFile: caFile, insecure: insecure),
                        options: VSphereOptions(retry: retry, taskPollInterval: .milliseconds(20), environment: ["VC_PASSWORD": password]))
    }
}
