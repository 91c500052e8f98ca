import CProcessSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child program ended, and what it wrote.
public struct ProcessResult: Sendable {
    /// The exit status, or the signal number when `signalled`.
    public var status: Int32
    public var signalled: Bool
    /// True when it ran past its timeout and was stopped (SIGTERM to its process group,
    /// SIGKILL 2 s later).
    public var timedOut: Bool
    /// True when standard output grew past `maxOutputBytes` and the program was stopped.
    public var outputExceeded: Bool
    /// Standard output: all of it, or its first `maxOutputBytes` when `outputExceeded`.
    public var stdout: Data
    /// The end of standard error (at most `maxErrorBytes`), as text.
    public var stderr: String

    /// Ended by itself with status 0.
    public var succeeded: Bool { !timedOut && !signalled && !outputExceeded && status == 0 }
}

/// Runs a program the admin configured (a backup hook, an exec provider, a signature
/// checker) with a timeout, an output size limit and standard error captured.
///
/// Input and output go through temporary files, so a chatty program never blocks on a full
/// pipe and the controller never blocks on a silent one. The program is started with
/// `posix_spawn`, not Foundation's `Process`: it gets a clean signal mask and default signal
/// handlers (the controller's threads block signals, and a child would inherit that), a
/// process group of its own, so a timeout stops whatever it started as well, and none of the
/// controller's descriptors beyond standard input, output and error: a hook that leaves a
/// daemon behind must not keep the controller's listening socket, state database or pipes
/// open (a pipe held open by a stray grandchild never reaches end of file). The waiting
/// happens on a thread of its own, off the cooperative pool.
public struct ProcessRunner: Sendable {
    /// Longest run before the program is stopped.
    public var timeout: Duration
    /// Largest standard output accepted; beyond it the program is stopped.
    public var maxOutputBytes: Int
    /// How much of the end of standard error is kept.
    public var maxErrorBytes: Int

    public init(timeout: Duration, maxOutputBytes: Int = 16 << 20, maxErrorBytes: Int = 64 << 10) {
        self.timeout = timeout
        self.maxOutputBytes = max(1, maxOutputBytes)
        self.maxErrorBytes = max(1, maxErrorBytes)
    }

    /// Why a program could not be started.
    public struct LaunchError: Error, Sendable, CustomStringConvertible {
        public var program: String
        public var reason: String
        public var description: String { "\(program) could not be started (\(reason))" }
    }

    /// Runs `command` (an absolute program path and its arguments) in exactly `environment`,
    /// with `input` on standard input (empty when nil), in `directory` (the controller's
    /// working directory when nil).
    public func run(_ command: [String], environment: [String: String], input: Data? = nil,
                    in directory: String? = nil) async throws(LaunchError) -> ProcessResult {
        let runner = self
        return try await OwnThread.run(named: "sfreconcile-process") {
            runner.runSynchronously(command, environment: environment, input: input, in: directory)
        }.get()
    }

    /// The same as `run`, blocking the calling thread until the program ends: for callers
    /// already on a thread of their own (the Git repository cache), never the cooperative pool.
    public func runSynchronously(_ command: [String], environment: [String: String], input: Data? = nil,
                                 in directory: String? = nil) -> Result<ProcessResult, LaunchError> {
        guard let program = command.first, program.hasPrefix("/") else {
            return .failure(LaunchError(program: command.first ?? "(empty command)", reason: "the command must start with an absolute program path"))
        }
        let temporary = FileManager.default.temporaryDirectory.path
        let token = UUID().uuidString
        let inPath = "\(temporary)/sfreconcile-process-\(token).in"
        let outPath = "\(temporary)/sfreconcile-process-\(token).out"
        let errPath = "\(temporary)/sfreconcile-process-\(token).err"
        defer {
            unlink(inPath)
            unlink(outPath)
            unlink(errPath)
        }
        guard FileManager.default.createFile(atPath: inPath, contents: input ?? Data(), attributes: [.posixPermissions: 0o600]) else {
            return .failure(LaunchError(program: program, reason: "cannot write its input to \(temporary)"))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        sf_spawn_close_from(&actions, 3)
        if let directory { sf_spawn_chdir(&actions, directory) }

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
        let spawned: Int32 = Self.withCStrings(command) { argv in
            Self.withCStrings(environment.map { "\($0.key)=\($0.value)" }.sorted()) { envp in
                posix_spawn(&pid, program, &actions, &attributes, argv, envp)
            }
        }
        guard spawned == 0 else {
            return .failure(LaunchError(program: program, reason: String(cString: strerror(spawned))))
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var timedOut = false
        var outputExceeded = false
        var killAt: ContinuousClock.Instant?
        var info = stat()
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0, errno != EINTR { break }
            let now = ContinuousClock.now
            if killAt == nil, !timedOut, !outputExceeded {
                if now >= deadline {
                    timedOut = true
                } else if stat(outPath, &info) == 0, Int(info.st_size) > maxOutputBytes {
                    outputExceeded = true
                }
                if timedOut || outputExceeded {
                    kill(-pid, SIGTERM)
                    killAt = now + .seconds(2)
                }
            } else if let due = killAt, now >= due {
                kill(-pid, SIGKILL)
                killAt = .now + .seconds(3600)
            }
            usleep(10_000)
        }
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let code = signalled ? status & 0x7f : (status >> 8) & 0xff
        var output = Self.head(of: outPath, maxBytes: maxOutputBytes + 1)
        if output.count > maxOutputBytes {
            outputExceeded = true
            output = output.prefix(maxOutputBytes)
        }
        return .success(ProcessResult(status: code, signalled: signalled, timedOut: timedOut, outputExceeded: outputExceeded,
                                      stdout: output, stderr: String(decoding: Self.tail(of: errPath, maxBytes: maxErrorBytes), as: UTF8.self)))
    }

    /// Calls `body` with a NULL-terminated C array of `strings`.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func head(of path: String, maxBytes: Int) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: maxBytes)) ?? Data()
    }

    /// The last `maxBytes` of the file.
    static func tail(of path: String, maxBytes: Int) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0)
        return (try? handle.readToEnd()) ?? Data()
    }

    /// The last `lines` non-empty lines of `text`, joined with " | ", at most `limit` characters.
    public static func lastLines(_ text: String, _ lines: Int, limit: Int = 300) -> String {
        let picked = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(lines).joined(separator: " | ")
        return picked.count > limit ? "…" + String(picked.suffix(limit)) : picked
    }
}
