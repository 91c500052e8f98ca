import Foundation
import Testing

/// The vCenter simulator harness (Tests/Support/vcsim, built by scripts/vcsim.sh from
/// Debian's golang-go and golang-github-vmware-govmomi-dev).
///
/// The binary is taken from `$SFRECONCILE_VCSIM`, else `.build-vcsim/vcsim-harness`, and
/// built on first use when missing. Tests that need it are skipped, saying why, only when
/// neither a binary nor Go with govmomi is present.
public final class VCSim: Sendable {
    public let peer: PeerProcess
    /// The SDK URL, e.g. http://127.0.0.1:40123/sdk.
    public let url: String
    /// With `tls`: the server certificate's PEM file.
    public let certificateFile: String?

    public static let binaryPath: String = ProcessInfo.processInfo.environment["SFRECONCILE_VCSIM"]
        ?? RepositoryPaths.path(".build-vcsim/vcsim-harness")

    /// True when the harness exists or can be built here.
    public static let isAvailable: Bool = FileManager.default.isExecutableFile(atPath: binaryPath)
        || (RepositoryPaths.which("go") != nil && FileManager.default.fileExists(atPath: "/usr/share/gocode/src/github.com/vmware/govmomi/simulator"))

    public static let unavailableReason: Comment =
        "vcsim harness not built and Go missing: apt-get install -y golang-go golang-github-vmware-govmomi-dev"

    /// Builds the harness once per test run (about 20–30 s the first time).
    private static let build: Result<String, PeerError> = {
        if FileManager.default.isExecutableFile(atPath: binaryPath),
           ProcessInfo.processInfo.environment["SFRECONCILE_VCSIM"] != nil {
            return .success(binaryPath)
        }
        let script = Process()
        script.executableURL = URL(fileURLWithPath: RepositoryPaths.path("scripts/vcsim.sh"))
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
    /// accepting only one user, optionally over HTTPS. `startUp` are the harness's start-up
    /// state flags (`-power-off NAME`, `-cpu NAME=COUNTxCORES`, `-snapshot VM=NAME@AGE`; see
    /// Tests/Support/vcsim/setup.go).
    public init(vms: Int = 2, username: String? = nil, password: String? = nil, tls: Bool = false, startUp: [String] = []) throws {
        let binary = try Self.build.get()
        var arguments = ["-vms", String(vms)] + startUp
        if let username { arguments += ["-username", username, "-password", password ?? ""] }
        if tls { arguments.append("-tls") }
        peer = try PeerProcess(binary, arguments, readyLines: tls ? 2 : 1)
        url = peer.lines[0]
        certificateFile = tls ? peer.lines[1] : nil
    }

    public func stop() { peer.stop() }
}
