import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a hook program ended.
struct HookCommandResult: Sendable {
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    var signalled: Bool
    /// True when it ran past its timeout and was stopped (SIGTERM, then SIGKILL after 2 s).
    var timedOut: Bool
    /// The end of what it wrote to standard output and standard error.
    var stdout: String
    var stderr: String

    var succeeded: Bool { !timedOut && !signalled && status == 0 }
}

/// Runs an admin's hook program with a timeout, standard input closed and its output
/// captured in temporary files (so a chatty program can never block on a full pipe), on a
/// thread of its own.
enum HookCommand {
    /// Runs `command` (an absolute program path and its arguments) in `environment`.
    /// - Throws: `ProviderError(.configuration)` when the program cannot be started.
    static func run(_ command: [String], environment: [String: String], timeout: Duration,
                    maxOutputBytes: Int) async throws(ProviderError) -> HookCommandResult {
        let result: Result<HookCommandResult, ProviderError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: runBlocking(command, environment: environment, timeout: timeout,
                                                           maxOutputBytes: maxOutputBytes))
            }
            thread.name = "sfreconcile-hook"
            thread.start()
        }
        return try result.get()
    }

    private static func runBlocking(_ command: [String], environment: [String: String], timeout: Duration,
                                    maxOutputBytes: Int) -> Result<HookCommandResult, ProviderError> {
        guard let program = command.first, program.hasPrefix("/") else {
            return .failure(ProviderError(.configuration, "the backup hook's command must start with an absolute program path",
                                          advice: "write backupHook.command as [/path/to/program, arguments…]"))
        }
        let directory = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outURL = directory.appendingPathComponent("sfreconcile-hook-\(token).out")
        let errURL = directory.appendingPathComponent("sfreconcile-hook-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              FileManager.default.createFile(atPath: errURL.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let outHandle = FileHandle(forWritingAtPath: outURL.path), let errHandle = FileHandle(forWritingAtPath: errURL.path)
        else {
            return .failure(ProviderError(.configuration, "cannot create temporary files for the hook's output in \(directory.path)",
                                          advice: "make the controller's temporary directory writable (TMPDIR)"))
        }
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return .failure(ProviderError(.configuration, "the backup hook \(program) could not be started (\((error as NSError).localizedDescription))",
                                          advice: "check that the program exists and is executable by the controller's user"))
        }
        var timedOut = false
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + max(0.001, seconds)) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let signalled = process.terminationReason == .uncaughtSignal
        return .success(HookCommandResult(status: process.terminationStatus, signalled: signalled, timedOut: timedOut,
                                          stdout: tail(of: outURL, maxBytes: maxOutputBytes),
                                          stderr: tail(of: errURL, maxBytes: maxOutputBytes)))
    }

    /// The last `maxBytes` of the file, as text.
    private static func tail(of url: URL, maxBytes: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The last `lines` non-empty lines of `text`, joined with " | ", at most `limit` characters.
    static func lastLines(_ text: String, _ lines: Int, limit: Int = 300) -> String {
        let picked = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(lines).joined(separator: " | ")
        return picked.count > limit ? "…" + String(picked.suffix(limit)) : picked
    }
}
