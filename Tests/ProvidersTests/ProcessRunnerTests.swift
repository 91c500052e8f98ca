import Foundation
import Providers
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ProcessRunner`, which runs backup hooks, exec providers and Git's signature checker:
/// real programs (/bin/sh), no fakes.
@Suite("ProcessRunner")
struct ProcessRunnerTests {
    private static let environment = ["PATH": "/usr/bin:/bin"]

    @Test("passes input, collects output, standard error and the exit status")
    func inputOutputAndStatus() async throws {
        let result = try await ProcessRunner(timeout: .seconds(30))
            .run(["/bin/sh", "-c", "cat; echo oops >&2; exit 3"], environment: Self.environment, input: Data("hello".utf8))
        #expect(String(decoding: result.stdout, as: UTF8.self) == "hello")
        #expect(result.stderr == "oops\n")
        #expect(result.status == 3 && !result.signalled && !result.timedOut && !result.succeeded)
    }

    @Test("the program inherits no descriptor beyond standard input, output and error")
    func noInheritedDescriptors() async throws {
        // A descriptor without close-on-exec, as Foundation's pipes and sockets are.
        let descriptor = open("/dev/null", O_RDONLY)
        #expect(descriptor > 2)
        defer { close(descriptor) }
        let result = try await ProcessRunner(timeout: .seconds(30))
            .run(["/bin/sh", "-c", "if [ -e /proc/self/fd/\(descriptor) ]; then echo inherited; else echo closed; fi"],
                 environment: Self.environment)
        #expect(String(decoding: result.stdout, as: UTF8.self) == "closed\n")
    }

    @Test("runs in the directory it is given")
    func workingDirectory() async throws {
        let result = try await ProcessRunner(timeout: .seconds(30)).run(["/bin/sh", "-c", "pwd"], environment: Self.environment, in: "/tmp")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "/tmp\n")
    }

    @Test("a program past its timeout is stopped, with what it started")
    func timeout() async throws {
        let result = try await ProcessRunner(timeout: .milliseconds(300))
            .run(["/bin/sh", "-c", "sleep 60 & sleep 60; echo never"], environment: Self.environment)
        #expect(result.timedOut && !result.succeeded)
        #expect(result.stdout.isEmpty)
    }

    @Test("output beyond the limit stops the program and is cut at the limit")
    func outputLimit() async throws {
        let result = try await ProcessRunner(timeout: .seconds(30), maxOutputBytes: 1000)
            .run(["/bin/sh", "-c", "while :; do echo 0123456789; done"], environment: Self.environment)
        #expect(result.outputExceeded && !result.succeeded)
        #expect(result.stdout.count == 1000)
    }

    @Test("a relative program path is refused with a reason")
    func relativeProgram() async {
        await #expect(throws: ProcessRunner.LaunchError.self) {
            try await ProcessRunner(timeout: .seconds(5)).run(["sh", "-c", "true"], environment: Self.environment)
        }
    }
}
