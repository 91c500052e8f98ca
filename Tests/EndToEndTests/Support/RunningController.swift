import Controller
import Foundation
import Providers
import TestSupport

/// `sfreconcile run` as a child process on a free loopback port, with HTTP helpers for its
/// endpoints. Killed with SIGKILL when the test forgets to stop it.
///
/// Its standard error (the log) goes to a file: a pipe nobody reads while the service runs
/// would fill after 64 KiB, and the service would then block on its next log line.
final class RunningController {
    let port: Int
    let process = Process()
    private let logPath: String
    private let client: HTTPClient

    init(_ arguments: [String], environment: [String: String], directory: URL) throws {
        port = try TCPPort.free()
        client = try HTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: .seconds(30)))
        process.executableURL = RepositoryPaths.binary
        process.arguments = ["run"] + arguments + ["--listen", "127.0.0.1:\(port)"]
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        logPath = directory.appendingPathComponent("run-\(port).log").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil), let log = FileHandle(forWritingAtPath: logPath) else {
            throw ScenarioError("cannot create \(logPath)")
        }
        defer { try? log.close() }
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func get(_ path: String) async -> HTTPResponse? {
        try? await client.send(HTTPRequest(url: url + path))
    }

    func post(_ path: String, headers: HTTPHeaders, body: Data) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: "POST", url: url + path, headers: headers, body: body))
    }

    /// The status document, nil while the service does not answer.
    func status() async -> [String: Any]? {
        guard let response = await get("/api/v1/status"), response.status == 200 else { return nil }
        return try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    }

    /// Waits (polling every 20 ms, at most `timeout`) until `condition` holds for the status.
    func waitForStatus(timeout: Duration = .seconds(60), _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = await status(), condition(status) { return status }
            guard process.isRunning else { throw ScenarioError("sfreconcile run exited: \(stderr())") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ScenarioError("the status did not reach the expected state within \(timeout); last: \(String(describing: await status()))"
                            + "; log: \(stderr().split(separator: "\n").suffix(20).joined(separator: "\n"))")
    }

    /// Sends SIGTERM and waits for the exit status (SIGKILL after 60 s).
    func terminate() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What the process has written on standard error so far.
    func stderr() -> String {
        String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
    }

    /// `status.lastAppliedRevision` of a status document.
    static func appliedRevision(_ document: [String: Any]) -> String? {
        (document["status"] as? [String: Any])?["lastAppliedRevision"] as? String
    }
}
