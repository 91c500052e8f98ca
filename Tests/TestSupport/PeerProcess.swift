import Foundation

/// A test peer (a server) run as a child process. It prints what the test needs (a port, a
/// URL) on its first stdout lines, and stops when its stdin closes: `stop()`, or the test
/// process ending for any reason, so no server outlives a crashed test.
public final class PeerProcess: @unchecked Sendable {
    public let process: Process
    private let input: Pipe
    /// The first lines the peer printed.
    public let lines: [String]

    /// Starts `executable` and waits (at most `timeout`) for `readyLines` lines on stdout.
    public init(_ executable: String, _ arguments: [String], readyLines: Int = 1, timeout: TimeInterval = 60) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        var buffer = Data()
        while buffer.filter({ $0 == UInt8(ascii: "\n") }).count < readyLines, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData   // blocks until data or EOF
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        watchdog.cancel()
        lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count >= readyLines else {
            stop()
            throw PeerError("\(executable) did not start (printed \(lines))")
        }
    }

    /// Closes stdin (the peer exits by itself), then terminates it if it lingers.
    public func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { stop() }
    }
}

/// Why a test peer could not be started.
public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
    public init(description: String) { self.description = description }
}
