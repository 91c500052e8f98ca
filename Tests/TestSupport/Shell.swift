import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to set up a test (the git CLI, a server) and returns its output.
/// Git runs without the user's or system's configuration, with a fixed author, so tests
/// behave the same on every machine.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var output: String
        public var description: String { "`\(command)` exited with \(status): \(output)" }
    }

    public static let gitEnvironment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        return environment
    }()

    /// Runs `arguments` (the first is looked up on PATH) and returns standard output,
    /// trimmed; throws when it exits non-zero. Gives up after `timeout`.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, input: Data? = nil,
                    environment: [String: String] = gitEnvironment, timeout: TimeInterval = 120) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        // Read and write on other threads, so a large output or input never blocks both sides.
        let collectedOutput = DataCollector()
        let collectedErrors = DataCollector()
        let outputDescriptor = output.fileHandleForReading.fileDescriptor
        let errorDescriptor = errors.fileHandleForReading.fileDescriptor
        Thread { collectedOutput.set(readToEnd(outputDescriptor)) }.start()
        Thread { collectedErrors.set(readToEnd(errorDescriptor)) }.start()
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(command: arguments.joined(separator: " "), status: -1, output: "timed out after \(timeout) s")
        }
        process.waitUntilExit()
        let out = collectedOutput.wait()
        let err = collectedErrors.wait()
        let text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw Failure(command: arguments.joined(separator: " "), status: process.terminationStatus,
                          output: text + String(decoding: err, as: UTF8.self))
        }
        return text
    }

    /// Reads a descriptor to its end, retrying reads a signal interrupted (Foundation's
    /// `readDataToEndOfFile` traps on EINTR).
    public static func readToEnd(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    /// `git` with arguments, in a directory.
    @discardableResult
    public static func git(_ arguments: String..., in directory: String) throws -> String {
        try run(["git"] + arguments, in: directory)
    }
}

/// Output of a child process, handed from the reading thread to the waiting one.
public final class DataCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Data?

    public func set(_ data: Data) {
        condition.lock()
        result = data
        condition.signal()
        condition.unlock()
    }

    public func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
