import Foundation
import Providers
#if canImport(Glibc)
import Glibc
#endif

/// A test peer process on 127.0.0.1 (a fake written for these tests, or a real server such
/// as sshd, moto_server or wsgidav). Stopped by `stop()` — call it in a `defer` — and, should
/// the test process die first, by itself: fakes exit when their parent goes, real servers
/// run under Fakes/watchdog.py, which does the same for them.
public final class Peer: @unchecked Sendable {
    public let process: Process
    public let port: Int
    /// Folders removed when the peer stops.
    public var cleanup: [URL] = []

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts one of the Python fakes in Fakes/ and reads the port it prints.
    public static func fake(_ script: String, _ arguments: [String] = []) throws -> Peer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [RepositoryPaths.fakes.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard let line = readLine(from: output.fileHandleForReading.fileDescriptor, timeout: 15),
              line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            Peer(process: process, port: 0).stop()
            throw PeerError(description: "the fake \(script) did not start (no PORT line)")
        }
        return Peer(process: process, port: port)
    }

    /// Starts a real server under the watchdog and waits until `port` accepts connections.
    public static func server(_ command: [String], port: Int, environment: [String: String]? = nil, limit: Int = 600,
                       readyWithin: Double = 30) throws -> Peer {
        guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
            throw PeerError(description: "\(command.first ?? "?") is not installed; run scripts/peers/install.sh")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [RepositoryPaths.fakes.appendingPathComponent("watchdog.py").path, "--limit", String(limit), "--"] + command
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()
        let peer = Peer(process: process, port: port)
        let deadline = Date().addingTimeInterval(readyWithin)
        while Date() < deadline {
            if !process.isRunning {
                throw PeerError(description: "\(program) exited with status \(process.terminationStatus) before listening on port \(port)")
            }
            if canConnect(port: port) {
                // Someone else may be listening there while our server failed to bind: it
                // would have exited (and the watchdog with it) by now.
                usleep(300_000)
                if process.isRunning { return peer }
                continue
            }
            usleep(100_000)
        }
        peer.stop()
        throw PeerError(description: "\(program) did not listen on port \(port) within \(Int(readyWithin)) s")
    }

    /// Stops the peer (and its process group, through the watchdog) and removes its folders.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        for url in cleanup { try? FileManager.default.removeItem(at: url) }
        cleanup = []
    }

    deinit { stop() }

    /// Runs `start` with a free port, again with another one (up to `attempts` times) when
    /// the peer cannot start — someone else may have taken the port in between.
    public static func onFreePort<T>(attempts: Int = 3, _ start: (Int) throws -> T) throws -> T {
        var lastError: (any Error)?
        for _ in 0..<max(1, attempts) {
            do {
                return try start(try freePort())
            } catch {
                lastError = error
            }
        }
        throw lastError ?? PeerError(description: "no free port")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() throws -> Int { try TCPPort.free() }

    /// True when something accepts connections on `port` of 127.0.0.1.
    public static func canConnect(port: Int) -> Bool { TCPPort.isOpen(port) }

    /// One line from `fd`, waiting at most `timeout` seconds.
    private static func readLine(from fd: Int32, timeout: Double) -> String? {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { return nil }
            guard poller.revents != 0 else { continue }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// python3, found on PATH.
    public static func python() throws -> String {
        try which("python3")
    }

    /// An executable on PATH, or an error saying how to install it.
    public static func which(_ name: String) throws -> String {
        guard let path = RepositoryPaths.which(name) else {
            throw PeerError(description: "\(name) is not on PATH; run scripts/peers/install.sh")
        }
        return path
    }

    /// Runs a short helper command to completion (at most two minutes), returning its standard
    /// output. Through `ProcessRunner`, like `Shell.run`, so a server started at the same
    /// moment cannot hold its output open.
    @discardableResult
    public static func run(_ command: [String], environment: [String: String]? = nil) throws -> String {
        let runner = ProcessRunner(timeout: .seconds(120))
        let name = command.joined(separator: " ")
        switch runner.runSynchronously(command, environment: environment ?? ProcessInfo.processInfo.environment) {
        case .failure(let error):
            throw PeerError(description: error.description)
        case .success(let result) where !result.succeeded:
            let ending = result.timedOut ? "did not finish within 120 s" : "exited with status \(result.status)"
            throw PeerError(description: "\(name) \(ending): \(ProcessRunner.lastLines(result.stderr, 5))")
        case .success(let result):
            return String(decoding: result.stdout, as: UTF8.self)
        }
    }
}
