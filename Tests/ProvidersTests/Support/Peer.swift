import Foundation
import Providers
#if canImport(Glibc)
import Glibc
#endif

/// A test peer process on 127.0.0.1 (a fake written for these tests, or a real server such
/// as sshd, moto_server or wsgidav). Stopped by `stop()` — call it in a `defer` — and, should
/// the test process die first, by itself: fakes exit when their parent goes, real servers
/// run under Fakes/watchdog.py, which does the same for them.
final class Peer: @unchecked Sendable {
    let process: Process
    let port: Int
    /// Folders removed when the peer stops.
    var cleanup: [URL] = []

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts one of the Python fakes in Fakes/ and reads the port it prints.
    static func fake(_ script: String, _ arguments: [String] = []) throws -> Peer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [TestPaths.fakes.appendingPathComponent(script).path] + arguments
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
    static func server(_ command: [String], port: Int, environment: [String: String]? = nil, limit: Int = 600,
                       readyWithin: Double = 30) throws -> Peer {
        guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
            throw PeerError(description: "\(command.first ?? "?") is not installed; run scripts/peers/install.sh")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [TestPaths.fakes.appendingPathComponent("watchdog.py").path, "--limit", String(limit), "--"] + command
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
    func stop() {
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

    /// The counters a fake serves at `/_stats`.
    func stats() async throws -> [String: Int] {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(5)))
        let response = try await client.send(HTTPRequest(url: baseURL + "/_stats"))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
    }

    /// A JSON document a fake serves (e.g. `/_hook`).
    func json(_ path: String) async throws -> Any {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(5)))
        return try JSONSerialization.jsonObject(with: try await client.send(HTTPRequest(url: baseURL + path)).body)
    }

    /// Runs `start` with a free port, again with another one (up to `attempts` times) when
    /// the peer cannot start — someone else may have taken the port in between.
    static func onFreePort<T>(attempts: Int = 3, _ start: (Int) throws -> T) throws -> T {
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
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw PeerError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

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
    static func python() throws -> String {
        try which("python3")
    }

    static func which(_ name: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw PeerError(description: "\(name) is not on PATH; run scripts/peers/install.sh")
    }

    /// Runs a short helper command to completion, returning its standard output.
    @discardableResult
    static func run(_ command: [String], environment: [String: String]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerError(description: "\(command.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Where the test target's files are.
enum TestPaths {
    static let providersTests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fakes = providersTests.appendingPathComponent("Fakes")
}
