import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server on 127.0.0.1 for the SFTP tests: a throw-away host key and client
/// key in a temporary folder, key login only, the internal SFTP server, and a folder `root`
/// that plays the remote file system (a STARFACE version file, .sar files). Paths on the
/// server are absolute paths into `root` (no chroot, so it works without root rights too).
public final class SSHServer: @unchecked Sendable {
    public let peer: Peer
    public let directory: URL
    /// The folder the tests fill (`root.path + "/var/starface/fs-interface/version"`, …).
    public let root: URL
    public let clientKey: String
    public let knownHosts: String
    public let user: String
    public var port: Int { peer.port }

    private init(peer: Peer, directory: URL, root: URL, clientKey: String, knownHosts: String, user: String) {
        self.peer = peer
        self.directory = directory
        self.root = root
        self.clientKey = clientKey
        self.knownHosts = knownHosts
        self.user = user
    }

    public static func start() throws -> SSHServer {
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            throw PeerError(description: "sshd is not installed; run scripts/peers/install.sh (apt-get install openssh-server)")
        }
        let keygen = try Peer.which("ssh-keygen")
        let directory = try RepositoryPaths.temporaryDirectory("sshd")
        let root = directory.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let hostKey = directory.appendingPathComponent("host_ed25519").path
        let clientKey = directory.appendingPathComponent("client_ed25519").path
        try Peer.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", "sfreconcile-test-host", "-f", hostKey])
        try Peer.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", "sfreconcile-test-client", "-f", clientKey])
        let authorizedKeys = directory.appendingPathComponent("authorized_keys")
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorizedKeys.path)
        if getuid() == 0 {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)   // privilege separation
        }
        let hostPublic = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = directory.appendingPathComponent("known_hosts").path
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let config = directory.appendingPathComponent("sshd_config")
        let peer: Peer
        do {
            peer = try Peer.onFreePort { port in
                try """
                    Port \(port)
                    ListenAddress 127.0.0.1
                    HostKey \(hostKey)
                    PidFile \(directory.path)/sshd.pid
                    AuthorizedKeysFile \(authorizedKeys.path)
                    StrictModes no
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    UsePAM no
                    PermitRootLogin prohibit-password
                    Subsystem sftp internal-sftp
                    LogLevel ERROR

                    """.write(to: config, atomically: true, encoding: .utf8)
                try "[127.0.0.1]:\(port) \(hostPublic)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
                return try Peer.server([sshd, "-D", "-e", "-f", config.path], port: port)
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        peer.cleanup.append(directory)
        return SSHServer(peer: peer, directory: directory, root: root, clientKey: clientKey, knownHosts: knownHosts, user: user)
    }

    public func stop() { peer.stop() }

    /// Writes `contents` at `relative` under `root`, with the given modification time.
    public func write(_ relative: String, _ contents: String, modified: Date? = nil) throws {
        try TestFiles.write(root.appendingPathComponent(relative), contents, modified: modified)
    }

    /// `root`'s absolute path joined with `relative`.
    public func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// A known_hosts file listing another key for this server.
    public func wrongKnownHosts() throws -> String {
        let other = directory.appendingPathComponent("other_ed25519").path
        try Peer.run([try Peer.which("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-f", other])
        let key = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let path = directory.appendingPathComponent("wrong_known_hosts").path
        try "[127.0.0.1]:\(port) \(key)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A private key the server does not accept.
    public func strangerKey() throws -> String {
        let path = directory.appendingPathComponent("stranger_ed25519").path
        if !FileManager.default.fileExists(atPath: path) {
            try Peer.run([try Peer.which("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-f", path])
        }
        return path
    }
}

/// Writing test files with chosen modification times.
public enum TestFiles {
    public static func write(_ url: URL, _ contents: String, modified: Date? = nil) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        }
    }
}
