import Controller
import Foundation
import Testing
import TestSupport

/// Commit signature verification (Flux's `verify`), with SSH keys made in the test and an
/// OpenPGP-signed fixture repository.
@Suite("Git commit signatures")
struct GitSignatureTests {
    /// A key pair and an allowed_signers file naming it.
    struct SSHSigner {
        let key: String
        let allowedSigners: String

        init(in directory: String, name: String) throws {
            key = directory + "/" + name
            try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key])
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            allowedSigners = directory + "/allowed_signers_" + name
            try "\(name)@example.com namespaces=\"git\" \(publicKey)\n".write(toFile: allowedSigners, atomically: true, encoding: .utf8)
        }

        /// Commits `files` signed with this key and pushes.
        func commit(_ fixture: GitFixture, _ files: [String: String]) throws -> String {
            for (path, content) in files {
                try FileManager.default.createDirectory(atPath: (fixture.work + "/" + path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try content.write(toFile: fixture.work + "/" + path, atomically: true, encoding: .utf8)
            }
            try fixture.git("add", "--all")
            try fixture.git("-c", "gpg.format=ssh", "-c", "user.signingkey=\(key).pub", "commit", "--quiet", "-S", "-m", "signed")
            try fixture.git("push", "--quiet", "origin", "HEAD")
            return try fixture.head()
        }
    }

    private func source(_ fixture: GitFixture, _ policy: GitSignaturePolicy, ref: String = "main") throws -> GitSource {
        GitSource(configuration: GitSourceConfiguration(
            location: .remote(url: fixture.fileURL), ref: .named(ref), path: "specs", cacheDirectory: fixture.cacheDirectory,
            verification: policy))
    }

    @Test("an SSH-signed commit by an allowed key is used; unsigned and foreign-signed ones are refused")
    func ssh() async throws {
        let fixture = try GitFixture()
        let ops = try SSHSigner(in: fixture.root, name: "ops")
        let stranger = try SSHSigner(in: fixture.root, name: "stranger")
        let good = try ops.commit(fixture, ["specs/a.yaml": SpecText.site("a", "signed")])
        let source = try source(fixture, .ssh(allowedSignersFile: ops.allowedSigners))
        let fingerprint = try Shell.run(["ssh-keygen", "-l", "-f", ops.key + ".pub"]).split(separator: " ")[1]

        let accepted = await source.poll()
        #expect(accepted.lastOutcome == .accepted && accepted.isReady)
        #expect(accepted.artifact?.signature?.message == "good SSH signature by ops@example.com with ED25519 key \(fingerprint)")
        #expect(accepted.condition(.sourceVerified)?.status == true)

        let unsigned = try fixture.commit(["specs/a.yaml": SpecText.site("a", "unsigned")])
        let refused = await source.poll()
        #expect(refused.lastOutcome == .unverified)
        #expect(refused.artifact?.revision?.sha == good)
        #expect(!refused.isReady)
        let verified = try #require(refused.condition(.sourceVerified))
        #expect(verified.status == false && verified.reason == .invalidCommitSignature)
        #expect(verified.message == "main@sha1:\(unsigned) is not verified: the commit is not signed; an SSH key in \(ops.allowedSigners) must sign it")
        #expect(await source.poll().lastOutcome == .unchanged, "a refused revision is not checked again")

        let foreign = try stranger.commit(fixture, ["specs/a.yaml": SpecText.site("a", "stranger")])
        let strangerPrint = try Shell.run(["ssh-keygen", "-l", "-f", stranger.key + ".pub"]).split(separator: " ")[1]
        let again = await source.poll()
        #expect(again.lastOutcome == .unverified)
        #expect(again.signature?.message == "main@sha1:\(foreign) is not verified: signed with ED25519 key \(strangerPrint), which is not in \(ops.allowedSigners)")

        let fixed = try ops.commit(fixture, ["specs/a.yaml": SpecText.site("a", "signed again")])
        let back = await source.poll()
        #expect(back.isReady && back.artifact?.revision?.sha == fixed && back.condition(.sourceVerified)?.status == true)
    }

    @Test("an OpenPGP-signed commit verifies against a keyring; unsigned, unknown-key and wrong-kind are refused")
    func openPGP() async throws {
        let fixture = try GitFixture()
        let signatures = Paths.fixtures.appendingPathComponent("signatures").path
        try FileManager.default.removeItem(atPath: fixture.origin)
        try Shell.git("clone", "--quiet", "--bare", signatures + "/openpgp.bundle", fixture.origin, in: fixture.root)
        let keyring = signatures + "/openpgp-allowed.gpg"
        let cache = GitRepositoryCache(location: .remote(url: fixture.fileURL), cacheDirectory: fixture.cacheDirectory)

        let signed = try await cache.read(.named("signed"), path: "specs", verifying: .gpg(keyringFile: keyring))
        #expect(signed.signature?.isVerified == true)
        #expect(signed.signature?.message == "good OpenPGP signature by Ops <ops@example.com>, key 917036828A51092D4CE4C61C1723FDD4F85B80E1")
        #expect(signed.files?.map(\.path) == ["specs/a.yaml"])

        let unsigned = try await #require(throws: GitError.self) {
            try await cache.read(.named("unsigned"), path: "specs", verifying: .gpg(keyringFile: keyring))
        }
        #expect(unsigned.kind == .verificationFailed)
        #expect(unsigned.revision?.refName == "unsigned")

        let empty = fixture.root + "/empty.gpg"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let unknown = try await #require(throws: GitError.self) {
            try await cache.read(.named("signed"), path: "specs", verifying: .gpg(keyringFile: empty))
        }
        #expect(unknown.message.hasSuffix("signed with OpenPGP key 1723FDD4F85B80E1, which is not in \(empty)"))

        let wrongKind = try await #require(throws: GitError.self) {
            try await cache.read(.named("signed"), path: "specs", verifying: .ssh(allowedSignersFile: empty))
        }
        #expect(wrongKind.message.hasSuffix("the commit carries an OpenPGP signature, but an SSH key in \(empty) is required"))
    }
}
