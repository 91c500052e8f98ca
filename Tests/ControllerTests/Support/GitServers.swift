import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server process started for one test and stopped at its end (SIGTERM, SIGKILL after
/// 5 s), so no test leaves processes behind.
///
/// Servers start through ``unblockingSignals``: `Process` spawns from a dispatch worker
/// thread, whose blocked signals the child would inherit; `git daemon` would then never see
/// SIGTERM nor reap its children (SIGCHLD), leaving zombies behind.
final class ServerProcess {
    private let process: Process
    let port: Int
    private(set) var isStopped = false

    fileprivate init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    func stop() {
        guard !isStopped else { return }
        isStopped = true
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // A port that still accepts connections would mean a forked child lives on.
        TCPPort.waitUntilClosed(port, timeout: 5)
    }

    deinit { stop() }

    /// A prefix for a command line that runs the command with no signal blocked.
    static let unblockingSignals = [
        "python3", "-c",
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])",
    ]

    /// `git daemon` serving every repository under `basePath` on 127.0.0.1.
    static func gitDaemon(basePath: String, port: Int? = nil) throws -> ServerProcess {
        let port = try port ?? TCPPort.free()
        let process = Process()
        // The daemon binary itself: `git daemon` would run it as a child that outlives a kill.
        let daemon = try Shell.run(["git", "--exec-path"]) + "/git-daemon"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = unblockingSignals + [daemon, "--reuseaddr", "--export-all", "--base-path=\(basePath)",
                             "--listen=127.0.0.1", "--port=\(port)", "--informative-errors", basePath]
        process.environment = Shell.gitEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = ServerProcess(process: process, port: port)
        guard TCPPort.waitUntilOpen(port, timeout: 10) else {
            server.stop()
            throw Shell.Failure(command: "git daemon", status: -1, output: "did not listen on \(port) within 10 s")
        }
        return server
    }

    /// `git http-backend` behind scripts/git-http-server.py on 127.0.0.1, optionally
    /// requiring basic authentication with `token` as the password.
    static func gitHTTPBackend(root: String, token: String? = nil) throws -> ServerProcess {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../scripts/git-http-server.py").standardized.path
        let readyFile = root + "/.http-ready-\(UUID().uuidString.prefix(6))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = unblockingSignals + ["python3", script, "--root", root, "--port", "0", "--ready-file", readyFile]
            + (token.map { ["--token", $0] } ?? [])
        process.environment = Shell.gitEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var port: Int?
        while port == nil && Date() < deadline && process.isRunning {
            if let text = try? String(contentsOfFile: readyFile, encoding: .utf8),
               let value = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
                port = value
            } else {
                usleep(20_000)
            }
        }
        guard let port else {
            ServerProcess(process: process, port: 0).stop()
            throw Shell.Failure(command: "git-http-server.py", status: -1, output: "did not start within 15 s")
        }
        return ServerProcess(process: process, port: port)
    }
}

/// Loopback TCP ports for test servers.
enum TCPPort {
    /// A port on 127.0.0.1 that was free a moment ago.
    static func free() throws -> Int {
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

    static func isOpen(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    @discardableResult
    static func waitUntilOpen(_ port: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isOpen(port) { return true }
            usleep(20_000)
        }
        return false
    }

    @discardableResult
    static func waitUntilClosed(_ port: Int, timeout: TimeInterval) -> Bool {
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
