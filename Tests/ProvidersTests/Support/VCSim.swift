import Foundation
@testable import Providers
import Spec
import Testing

/// The vCenter simulator harness (Tests/Support/vcsim, built by scripts/vcsim.sh from
/// Debian's golang-go and golang-github-vmware-govmomi-dev).
///
/// The binary is taken from `$SFRECONCILE_VCSIM`, else `.build-vcsim/vcsim-harness`, and
/// built on first use when missing. Tests that need it are skipped, saying why, only when
/// neither a binary nor Go with govmomi is present.
final class VCSim: Sendable {
    let peer: PeerProcess
    /// The SDK URL, e.g. http://127.0.0.1:40123/sdk.
    let url: String
    /// With `tls`: the server certificate's PEM file.
    let certificateFile: String?

    static let binaryPath: String = ProcessInfo.processInfo.environment["SFRECONCILE_VCSIM"]
        ?? Repository.path(".build-vcsim/vcsim-harness")

    /// True when the harness exists or can be built here.
    static let isAvailable: Bool = FileManager.default.isExecutableFile(atPath: binaryPath)
        || (Repository.which("go") != nil && FileManager.default.fileExists(atPath: "/usr/share/gocode/src/github.com/vmware/govmomi/simulator"))

    static let unavailableReason: Comment =
        "vcsim harness not built and Go missing: apt-get install -y golang-go golang-github-vmware-govmomi-dev"

    /// Builds the harness once per test run (about 20–30 s the first time).
    private static let build: Result<String, PeerError> = {
        if FileManager.default.isExecutableFile(atPath: binaryPath),
           ProcessInfo.processInfo.environment["SFRECONCILE_VCSIM"] != nil {
            return .success(binaryPath)
        }
        let script = Process()
        script.executableURL = URL(fileURLWithPath: Repository.path("scripts/vcsim.sh"))
        script.arguments = ["build"]
        script.standardOutput = FileHandle.nullDevice
        do {
            try script.run()
        } catch {
            return .failure(PeerError("scripts/vcsim.sh could not run: \(error)"))
        }
        script.waitUntilExit()
        guard script.terminationStatus == 0 else { return .failure(PeerError("scripts/vcsim.sh build failed")) }
        return .success(binaryPath)
    }()

    /// Starts a simulator: `vms` per resource pool and per standalone host, optionally
    /// accepting only one user, optionally over HTTPS.
    init(vms: Int = 2, username: String? = nil, password: String? = nil, tls: Bool = false) throws {
        let binary = try Self.build.get()
        var arguments = ["-vms", String(vms)]
        if let username { arguments += ["-username", username, "-password", password ?? ""] }
        if tls { arguments.append("-tls") }
        peer = try PeerProcess(binary, arguments, readyLines: tls ? 2 : 1)
        url = peer.lines[0]
        certificateFile = tls ? peer.lines[1] : nil
    }

    func stop() { peer.stop() }

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
