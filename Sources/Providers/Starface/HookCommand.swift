import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a hook program ended.
struct HookCommandResult: Sendable {
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    var signalled: Bool
    /// True when it ran past its timeout and was stopped (SIGTERM to its process group,
    /// SIGKILL 2 s later).
    var timedOut: Bool
    /// The end of what it wrote to standard output and standard error.
    var stdout: String
    var stderr: String

    var succeeded: Bool { !timedOut && !signalled && status == 0 }
}

/// Runs an admin's hook program with a timeout, standard input closed and its output
/// captured in temporary files (so a chatty program can never block on a full pipe), on a
/// thread of its own.
///
/// The program is started with `posix_spawn`, not Foundation's `Process`: it gets a clean
/// signal mask and default signal handlers (threads of the controller block signals, and a
/// child would inherit that), and a process group of its own, so a timeout stops whatever
/// it started as well.
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
        let directory = FileManager.default.temporaryDirectory.path
        let token = UUID().uuidString
        let outPath = "\(directory)/sfreconcile-hook-\(token).out"
        let errPath = "\(directory)/sfreconcile-hook-\(token).err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let spawned: Int32 = withCStrings(command) { argv in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }.sorted()) { envp in
                posix_spawn(&pid, program, &actions, &attributes, argv, envp)
            }
        }
        guard spawned == 0 else {
            return .failure(ProviderError(.configuration, "the backup hook \(program) could not be started (\(String(cString: strerror(spawned))))",
                                          advice: "check that the program exists and is executable by the controller's user"))
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var timedOut = false
        var killAt: ContinuousClock.Instant?
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0, errno != EINTR { break }
            let now = ContinuousClock.now
            if !timedOut, now >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                killAt = now + .seconds(2)
            } else if let due = killAt, now >= due {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            usleep(20_000)
        }
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let code = signalled ? status & 0x7f : (status >> 8) & 0xff
        return .success(HookCommandResult(status: code, signalled: signalled, timedOut: timedOut,
                                          stdout: tail(of: outPath, maxBytes: maxOutputBytes),
                                          stderr: tail(of: errPath, maxBytes: maxOutputBytes)))
    }

    /// Calls `body` with a NULL-terminated C array of `strings`.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// The last `maxBytes` of the file, as text.
    private static func tail(of path: String, maxBytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
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
