import Foundation
import Providers

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
    ///
    /// Runs through the product's `ProcessRunner` (posix_spawn, output in temporary files,
    /// `waitpid` on the child itself), not Foundation's `Process`: a server another test
    /// starts at the same moment can inherit a `Process`'s pipes and exit-notification
    /// socket, and the command then looks alive until that server stops.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, input: Data? = nil,
                           environment: [String: String] = gitEnvironment, timeout: TimeInterval = 120) throws -> String {
        let command = arguments.joined(separator: " ")
        let runner = ProcessRunner(timeout: .milliseconds(Int64(timeout * 1000)))
        let result: ProcessResult
        switch runner.runSynchronously(["/usr/bin/env"] + arguments, environment: environment, input: input, in: directory) {
        case .success(let value): result = value
        case .failure(let error): throw Failure(command: command, status: -1, output: error.description)
        }
        if result.timedOut { throw Failure(command: command, status: -1, output: "timed out after \(timeout) s") }
        let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.succeeded else {
            throw Failure(command: command, status: result.status, output: text + result.stderr)
        }
        return text
    }

    /// `git` with arguments, in a directory.
    @discardableResult
    public static func git(_ arguments: String..., in directory: String) throws -> String {
        try run(["git"] + arguments, in: directory)
    }
}
