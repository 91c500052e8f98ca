import Controller
import Foundation
import Spec
import Testing
import TestSupport

@Suite("GitRepositoryCache")
struct GitRepositoryCacheTests {
    private func cache(_ fixture: GitFixture, url: String? = nil, credentials: GitCredentials = .none,
                       environment: [String: String] = [:]) throws -> GitRepositoryCache {
        GitRepositoryCache(location: try GitSourceLocation(parsing: url ?? fixture.fileURL), credentials: credentials,
                           cacheDirectory: fixture.cacheDirectory, timeout: .seconds(30), environment: environment)
    }

    private func paths(_ read: GitTreeRead) -> [String] { read.files?.map(\.path) ?? [] }
    private func text(_ read: GitTreeRead, _ path: String) -> String? {
        read.files?.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test("reads a branch, a tag and a SHA over file://, naming files as in the repository")
    func branchTagAndSHA() async throws {
        let fixture = try GitFixture()
        let first = try fixture.commit(["specs/a.yaml": SpecText.site("a"), "README.md": "hi", "specs/.hidden.yaml": "x"])
        try fixture.git("tag", "-a", "v1", "-m", "release 1")
        try fixture.git("push", "--quiet", "origin", "v1")
        let second = try fixture.commit(["specs/nested/b.yml": SpecText.site("b")])
        let cache = try cache(fixture)

        let main = try await cache.read(.named("main"), path: "specs")
        #expect(main.revision == GitRevision(refName: "main", sha: second))
        #expect(main.revision.description == "main@sha1:\(second)")
        #expect(paths(main) == ["specs/a.yaml", "specs/nested/b.yml"])
        #expect(main.downloaded)

        let tag = try await cache.read(.named("v1"), path: "specs")
        #expect(tag.revision == GitRevision(refName: "v1", sha: first))
        #expect(paths(tag) == ["specs/a.yaml"])

        let pinned = try await cache.read(try GitReference(parsing: String(first.prefix(10))), path: "/specs/")
        #expect(pinned.revision == GitRevision(refName: nil, sha: first))
        #expect(!pinned.downloaded)

        let head = try await cache.read(.defaultBranch, path: "specs/nested/b.yml")
        #expect(head.revision.refName == "main")
        #expect(paths(head) == ["specs/nested/b.yml"])
    }
}

extension GitRepositoryCacheTests {
    @Test("a poll without a new commit downloads nothing and reads nothing; a new commit is picked up")
    func noChangeAndNewCommit() async throws {
        let fixture = try GitFixture()
        let first = try fixture.commit(["a.yaml": SpecText.site("a")])
        let cache = try cache(fixture)
        let initial = try await cache.read(.named("main"), path: "")
        #expect(initial.downloaded && initial.revision.sha == first)

        let again = try await cache.read(.named("main"), path: "", unlessAt: first)
        #expect(again.isUnchanged)
        #expect(!again.downloaded)
        #expect(again.revision.sha == first)

        let second = try fixture.commit(["b.yaml": SpecText.site("b")])
        let changed = try await cache.read(.named("main"), path: "", unlessAt: first)
        #expect(changed.downloaded)
        #expect(changed.revision.sha == second)
        #expect(paths(changed) == ["a.yaml", "b.yaml"])

        // A second cache object on the same directory (a restarted controller) reuses the mirror.
        let restarted = try self.cache(fixture)
        let reused = try await restarted.read(.named("main"), path: "")
        #expect(!reused.downloaded && reused.revision.sha == second)
    }

    @Test("a force-push is followed, even to a commit that is not a descendant")
    func forcePush() async throws {
        let fixture = try GitFixture()
        let base = try fixture.commit(["a.yaml": SpecText.site("a", "v1")])
        let doomed = try fixture.commit(["a.yaml": SpecText.site("a", "v2")])
        let cache = try cache(fixture)
        #expect(try await cache.read(.named("main"), path: "").revision.sha == doomed)

        try fixture.git("reset", "--quiet", "--hard", base)
        let rewritten = try fixture.commit(["a.yaml": SpecText.site("a", "rewritten")], message: "rewrite")
        let read = try await cache.read(.named("main"), path: "", unlessAt: doomed)
        #expect(read.revision.sha == rewritten)
        #expect(text(read, "a.yaml")?.contains("rewritten") == true)
    }

    @Test("a deleted branch is an error that names the branches left, and leaves the cache")
    func deletedRef() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["a.yaml": SpecText.site("a")])
        try fixture.git("push", "--quiet", "origin", "HEAD:refs/heads/feature")
        let cache = try cache(fixture)
        _ = try await cache.read(.named("feature"), path: "")
        let mirror = try #require(cache.mirrorPath)
        #expect(try Shell.git("for-each-ref", "--format=%(refname)", in: mirror).contains("refs/heads/feature"))

        try fixture.git("push", "--quiet", "origin", ":refs/heads/feature")
        let error = try await #require(throws: GitError.self) { try await cache.read(.named("feature"), path: "") }
        #expect(error.kind == .refNotFound)
        #expect(error.message == "ref \"feature\" not found in \(fixture.fileURL)")
        #expect(error.hint == "branches: main; tags: none")
        #expect(try !Shell.git("for-each-ref", "--format=%(refname)", in: mirror).contains("refs/heads/feature"))
    }

    @Test("a mistyped ref gets a suggestion")
    func mistypedRef() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["a.yaml": SpecText.site("a")])
        try fixture.git("push", "--quiet", "origin", "HEAD:refs/heads/release")
        let error = try await #require(throws: GitError.self) { try await cache(fixture).read(.named("mian"), path: "") }
        #expect(error.description == """
            ref "mian" not found in \(fixture.fileURL)
              hint: did you mean "main"? branches: main, release; tags: none
            """)
    }

    @Test("a missing path names what the nearest directory holds")
    func missingPath() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/acme.yaml": SpecText.site("a"), "README.md": "x"])
        let error = try await #require(throws: GitError.self) { try await cache(fixture).read(.named("main"), path: "spec") }
        #expect(error.kind == .pathNotFound)
        #expect(error.message == "the path \"spec\" does not exist at main@sha1:\(sha)")
        #expect(error.hint == "did you mean \"specs\"? the repository's root holds: README.md, specs/")
        let nested = try await #require(throws: GitError.self) { try await cache(fixture).read(.named("main"), path: "specs/acme") }
        #expect(nested.hint == "did you mean \"specs/acme.yaml\"? specs holds: acme.yaml")
    }

    @Test("a corrupt cache entry is removed and cloned again", arguments: ["not a repository", "ref garbage", "objects removed", "pack truncated"])
    func corruptCache(damage: String) async throws {
        let fixture = try GitFixture()
        try fixture.commit(["a.yaml": SpecText.site("a")])
        let sha = try fixture.commit(["b.yaml": SpecText.site("b")])
        _ = try await cache(fixture).read(.named("main"), path: "")
        let mirror = try #require(try cache(fixture).mirrorPath)
        switch damage {
        case "not a repository":
            try FileManager.default.removeItem(atPath: mirror)
            try "garbage".write(toFile: mirror, atomically: true, encoding: .utf8)
        case "ref garbage":
            try FileManager.default.removeItem(atPath: mirror + "/refs/heads")
            try FileManager.default.createDirectory(atPath: mirror + "/refs/heads", withIntermediateDirectories: false)
            try (String(repeating: "e", count: 40) + "\n").write(toFile: mirror + "/refs/heads/main", atomically: true, encoding: .utf8)
        case "objects removed":
            try FileManager.default.removeItem(atPath: mirror + "/objects")
            try FileManager.default.createDirectory(atPath: mirror + "/objects", withIntermediateDirectories: false)
        default:
            let packs = try FileManager.default.contentsOfDirectory(atPath: mirror + "/objects/pack").filter { $0.hasSuffix(".pack") }
            #expect(!packs.isEmpty)
            for pack in packs {
                let handle = try #require(FileHandle(forWritingAtPath: mirror + "/objects/pack/" + pack))
                try handle.truncate(atOffset: 40)
                try handle.close()
            }
        }
        let read = try await cache(fixture).read(.named("main"), path: "")
        #expect(read.revision.sha == sha)
        #expect(paths(read) == ["a.yaml", "b.yaml"])
        #expect(read.recloned)
    }

    @Test("a local repository is read in place, at HEAD, a branch or an expression")
    func localRepository() async throws {
        let fixture = try GitFixture()
        let first = try fixture.commit(["specs/a.yaml": SpecText.site("a")], push: false)
        let second = try fixture.commit(["specs/b.yaml": SpecText.site("b")], push: false)
        let cache = GitRepositoryCache(location: .localPath(fixture.work), cacheDirectory: fixture.cacheDirectory)
        let head = try await cache.read(.defaultBranch, path: "specs")
        #expect(head.revision == GitRevision(refName: "main", sha: second))
        #expect(paths(head) == ["specs/a.yaml", "specs/b.yaml"])
        let previous = try await cache.read(.named("HEAD~1"), path: "specs")
        #expect(previous.revision == GitRevision(refName: nil, sha: first))
        #expect(!FileManager.default.fileExists(atPath: fixture.cacheDirectory))

        let missing = GitRepositoryCache(location: .localPath(fixture.root + "/nope"), cacheDirectory: fixture.cacheDirectory)
        let error = try await #require(throws: GitError.self) { try await missing.read(.defaultBranch, path: "") }
        #expect(error.kind == .repositoryNotFound)
    }

    @Test("reads over a real git daemon on 127.0.0.1, and reports a stopped one as a network error")
    func gitDaemon() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let daemon = try ServerProcess.gitDaemon(basePath: fixture.serverRoot)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/specs.git"
        let cache = try cache(fixture, url: url)
        let read = try await cache.read(.named("main"), path: "specs")
        #expect(read.revision.sha == sha)
        #expect(paths(read) == ["specs/a.yaml"])
        let again = try await cache.read(.named("main"), path: "specs", unlessAt: sha)
        #expect(again.isUnchanged && !again.downloaded)
        let missing = try await #require(throws: GitError.self) {
            try await self.cache(fixture, url: "git://127.0.0.1:\(daemon.port)/nope.git").read(.named("main"), path: "")
        }
        #expect(missing.kind == .repositoryNotFound)

        daemon.stop()
        let error = try await #require(throws: GitError.self) { try await cache.read(.named("main"), path: "specs") }
        #expect(error.kind == .network)
        #expect(error.message.hasPrefix("could not connect to \(url):"))
    }

    @Test("reads over git http-backend on 127.0.0.1, with a token by reference, never showing the token")
    func httpBackend() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let token = "s3cr3t-token-\(UUID().uuidString.prefix(8))"
        let server = try ServerProcess.gitHTTPBackend(root: fixture.serverRoot, token: token)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/specs.git"

        let anonymous = try await #require(throws: GitError.self) { try await cache(fixture, url: url).read(.named("main"), path: "") }
        #expect(anonymous.kind == .authentication)
        #expect(anonymous.hint?.contains("--token-env") == true)

        let credentials = GitCredentials(token: .environment("SPEC_TOKEN"))
        let missing = try await #require(throws: GitError.self) {
            try await cache(fixture, url: "http://127.0.0.1:\(server.port)/nope.git", credentials: credentials,
                            environment: ["SPEC_TOKEN": token]).read(.named("main"), path: "")
        }
        #expect(missing.kind == .repositoryNotFound)
        #expect(missing.message == "there is no repository at http://127.0.0.1:\(server.port)/nope.git: unexpected http status code: 404")
        let read = try await cache(fixture, url: url, credentials: credentials, environment: ["SPEC_TOKEN": token])
            .read(.named("main"), path: "specs")
        #expect(read.revision.sha == sha)
        #expect(paths(read) == ["specs/a.yaml"])

        let tokenFile = fixture.root + "/token"
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let viaFile = try await cache(fixture, url: url, credentials: GitCredentials(token: .file(tokenFile)))
            .read(.named("main"), path: "specs", unlessAt: sha)
        #expect(viaFile.isUnchanged)

        let wrong = "wrong-\(token)"
        let refused = try await #require(throws: GitError.self) {
            try await cache(fixture, url: url, credentials: credentials, environment: ["SPEC_TOKEN": wrong]).read(.named("main"), path: "")
        }
        #expect(refused.kind == .authentication)
        #expect(refused.message == "the server refused the token in $SPEC_TOKEN (user x-access-token) for \(url)")
        #expect(!refused.description.contains(wrong) && !refused.description.contains(token))
    }

    @Test("HTTPS goes through TLS verification: a certificate from an unknown CA is refused with advice")
    func httpsUntrusted() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        let certificate = fixture.root + "/cert.pem", key = fixture.root + "/key.pem"
        try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                       "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"])
        let server = try ServerProcess.gitHTTPBackend(root: fixture.serverRoot, tls: (certificate, key))
        defer { server.stop() }
        for host in ["localhost", "127.0.0.1"] {
            let url = "https://\(host):\(server.port)/specs.git"
            let error = try await #require(throws: GitError.self) { try await cache(fixture, url: url).read(.named("main"), path: "") }
            #expect(error.kind == .hostVerification)
            #expect(error.message.hasPrefix("the TLS certificate of \(url) cannot be verified:"))
            #expect(error.retry == .stalling)
        }
    }
}
