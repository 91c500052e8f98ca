import CProcessSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server process started for one test and stopped at its end (SIGTERM, SIGKILL after
/// 5 s), so no test leaves processes behind.
///
/// Spawned with `posix_spawn`, not Foundation's `Process`: the child gets an empty signal
/// mask and default handlers (a dispatch worker thread blocks signals, which `git daemon`
/// would inherit and then never see SIGTERM nor reap its children), and servers that close
/// every inherited descriptor (sshd) do not fool `Process` into a blocking `waitpid` that
/// stalls every other child process of the test run. The server inherits no descriptor
/// beyond standard input, output and error: one started while another test's `Process` was
/// being launched would otherwise keep that process's pipes and exit-notification socket
/// open for as long as the server runs, and the other test would wait for an exit it never
/// sees.
public final class ServerProcess {
    private let pid: pid_t
    public let port: Int
    private(set) var isStopped = false

    private init(pid: pid_t, port: Int) {
        self.pid = pid
        self.port = port
    }

    /// Spawns `arguments` (looked up on PATH), output discarded.
    public static func spawn(_ arguments: [String], port: Int) throws -> ServerProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        sf_spawn_close_from(&actions, 3)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = Shell.gitEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw Shell.Failure(command: arguments.joined(separator: " "), status: result, output: String(cString: strerror(result)))
        }
        return ServerProcess(pid: pid, port: port)
    }

    private var hasExited: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    public func stop() {
        guard !isStopped else { return }
        isStopped = true
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if hasExited { break }
            usleep(10_000)
        }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        // A port that still accepts connections would mean a forked child lives on.
        TCPPort.waitUntilClosed(port, timeout: 5)
    }

    deinit { stop() }

    /// Starts `arguments` and waits until `port` accepts connections.
    public static func start(_ arguments: [String], port: Int) throws -> ServerProcess {
        let server = try spawn(arguments, port: port)
        guard TCPPort.waitUntilOpen(port, timeout: 10) else {
            server.stop()
            throw Shell.Failure(command: arguments.joined(separator: " "), status: -1, output: "did not listen on \(port) within 10 s")
        }
        return server
    }

    /// `git daemon` serving every repository under `basePath` on 127.0.0.1.
    public static func gitDaemon(basePath: String, port: Int? = nil) throws -> ServerProcess {
        let port = try port ?? TCPPort.free()
        // The daemon binary itself: `git daemon` would run it as a child that outlives a kill.
        let daemon = try Shell.run(["git", "--exec-path"]) + "/git-daemon"
        return try start([daemon, "--reuseaddr", "--export-all", "--base-path=\(basePath)", "--listen=127.0.0.1",
                          "--port=\(port)", "--informative-errors", basePath], port: port)
    }

    /// `git http-backend` behind scripts/git-http-server.py on 127.0.0.1, optionally
    /// requiring basic authentication with `token` as the password.
    public static func gitHTTPBackend(root: String, token: String? = nil, tls: (certificate: String, key: String)? = nil) throws
        -> ServerProcess {
        let script = RepositoryPaths.path("scripts/git-http-server.py")
        let port = try TCPPort.free()
        return try start(["python3", script, "--root", root, "--port", String(port)] + (token.map { ["--token", $0] } ?? [])
                            + (tls.map { ["--tls-cert", $0.certificate, "--tls-key", $0.key] } ?? []),
                         port: port)
    }
}

/// An OpenSSH server on 127.0.0.1 for one test, with its own host key and one authorized
/// client key, in a temporary directory. Stands for any Git host reached over ssh://.
public struct SSHServerFixture {
    public let directory: String
    public let server: ServerProcess
    public let clientKey: String
    /// A known_hosts file holding the server's key under `[127.0.0.1]:port`.
    public let knownHosts: String
    public let hostPublicKey: String

    /// True when this machine can run the test (Debian's openssh-server installed).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && FileManager.default.fileExists(atPath: "/run/sshd")
            && geteuid() == 0
    }

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory + "/host"])
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory + "/client"])
        clientKey = directory + "/client"
        try FileManager.default.copyItem(atPath: directory + "/client.pub", toPath: directory + "/authorized_keys")
        let port = try TCPPort.free()
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory)/host
            PidFile \(directory)/sshd.pid
            AuthorizedKeysFile \(directory)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            LogLevel ERROR

            """.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        hostPublicKey = try String(contentsOfFile: directory + "/host.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        knownHosts = directory + "/known_hosts"
        try "[127.0.0.1]:\(port) \(hostPublicKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        server = try ServerProcess.start(["/usr/sbin/sshd", "-D", "-e", "-f", directory + "/sshd_config"], port: port)
    }

    /// `ssh://user@127.0.0.1:port/<absolute path>`.
    public func url(for path: String) -> String {
        "ssh://\(NSUserName())@127.0.0.1:\(server.port)\(path)"
    }
}

/// Loopback TCP ports for test servers.
public enum TCPPort {
    /// A port on 127.0.0.1 that was free a moment ago.
    public static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Shell.Failure(command: "socket", status: errno, output: "") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Shell.Failure(command: "bind", status: errno, output: "") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func isOpen(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    @discardableResult
    public static func waitUntilOpen(_ port: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isOpen(port) { return true }
            usleep(20_000)
        }
        return false
    }

    @discardableResult
    public static func waitUntilClosed(_ port: Int, timeout: TimeInterval) -> Bool {
        guard port > 0 else { return true }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isOpen(port) { return true }
            usleep(20_000)
        }
        return false
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
