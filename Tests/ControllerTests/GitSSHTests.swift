import Controller
import Foundation
import Testing
import TestSupport

/// ssh:// remotes through libgit2's libssh2 transport, against a real OpenSSH server on
/// 127.0.0.1 (skipped where openssh-server is not installed).
@Suite("Git over SSH", .enabled(if: SSHServerFixture.isAvailable, "needs /usr/sbin/sshd (Debian openssh-server), run as root"))
struct GitSSHTests {
    private func read(_ fixture: GitFixture, _ ssh: SSHServerFixture, key: String?, knownHosts: String) async throws -> GitTreeRead {
        let cache = GitRepositoryCache(location: try GitSourceLocation(parsing: ssh.url(for: fixture.origin)),
                                       credentials: GitCredentials(sshKeyFile: key, knownHostsFile: knownHosts),
                                       cacheDirectory: fixture.cacheDirectory, timeout: .seconds(30))
        return try await cache.read(.named("main"), path: "specs")
    }

    @Test("reads with a key file when the host key is in known_hosts")
    func readsWithKey() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let ssh = try SSHServerFixture(directory: fixture.root + "/ssh")
        defer { ssh.server.stop() }
        let read = try await read(fixture, ssh, key: ssh.clientKey, knownHosts: ssh.knownHosts)
        #expect(read.revision.sha == sha)
        #expect(read.files?.map(\.path) == ["specs/a.yaml"])
    }

    @Test("refuses a host missing from known_hosts, or with another key, naming its fingerprint")
    func hostVerification() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let ssh = try SSHServerFixture(directory: fixture.root + "/ssh")
        defer { ssh.server.stop() }
        let fingerprint = try Shell.run(["ssh-keygen", "-l", "-f", ssh.directory + "/host.pub"])
            .split(separator: " ")[1]

        let empty = fixture.root + "/empty_known_hosts"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let unknown = try await #require(throws: GitError.self) { try await read(fixture, ssh, key: ssh.clientKey, knownHosts: empty) }
        #expect(unknown.kind == .hostVerification)
        #expect(unknown.message == "the SSH host key of 127.0.0.1 (\(fingerprint)) is not in \(empty)")
        #expect(unknown.hint == "check the fingerprint, then add the key: ssh-keyscan -p \(ssh.server.port) 127.0.0.1 >> \(empty)")

        let other = fixture.root + "/other_known_hosts"
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", fixture.root + "/impostor"])
        let impostor = try String(contentsOfFile: fixture.root + "/impostor.pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        try "[127.0.0.1]:\(ssh.server.port) \(impostor)\n".write(toFile: other, atomically: true, encoding: .utf8)
        let mismatch = try await #require(throws: GitError.self) { try await read(fixture, ssh, key: ssh.clientKey, knownHosts: other) }
        #expect(mismatch.kind == .hostVerification)
        #expect(mismatch.message.contains("differs from the one in \(other)"))
    }

    @Test("without a key, or with a key the server does not know, authentication fails with advice")
    func authentication() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let ssh = try SSHServerFixture(directory: fixture.root + "/ssh")
        defer { ssh.server.stop() }
        let none = try await #require(throws: GitError.self) { try await read(fixture, ssh, key: nil, knownHosts: ssh.knownHosts) }
        #expect(none.kind == .authentication)
        #expect(none.hint == "pass the private key with --ssh-key PATH")

        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", fixture.root + "/stranger"])
        let refused = try await #require(throws: GitError.self) {
            try await read(fixture, ssh, key: fixture.root + "/stranger", knownHosts: ssh.knownHosts)
        }
        #expect(refused.kind == .authentication)
        #expect(refused.message == "the server refused the SSH key \(fixture.root)/stranger for ssh://***@127.0.0.1:\(ssh.server.port)\(fixture.origin)")
    }
}
