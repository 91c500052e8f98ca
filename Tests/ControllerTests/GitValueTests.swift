import Foundation
import Spec
import Testing
@testable import Controller

@Suite("Git values: locations, refs, revisions, known hosts")
struct GitValueTests {
    @Test("locations: local paths, URLs and scp-like remotes; user information redacted; cache key without it")
    func locations() throws {
        #expect(try GitSourceLocation(parsing: "/srv/specs") == .localPath("/srv/specs"))
        #expect(try GitSourceLocation(parsing: "../specs") == .localPath("../specs"))
        #expect(try GitSourceLocation(parsing: "git@github.com:acme/pbx.git") == .remote(url: "git@github.com:acme/pbx.git"))
        let https = try GitSourceLocation(parsing: "https://user:p4ss@Git.Example.com/acme/pbx.git/")
        #expect(https.redacted == "https://***@Git.Example.com/acme/pbx.git/")
        #expect(https.hasInlinePassword)
        #expect(https.normalizedURL == "https://git.example.com/acme/pbx.git")
        #expect(try GitSourceLocation(parsing: "https://git.example.com/acme/pbx.git").normalizedURL == https.normalizedURL)
        #expect(GitSourceLocation.redact("ssh://git@[::1]:2222/x.git") == "ssh://***@[::1]:2222/x.git")
        #expect(try GitSourceLocation(parsing: "ssh://git@[::1]:2222/x.git").hostAndPort! == ("::1", 2222))
        #expect(try GitSourceLocation(parsing: "git@host.example:x.git").hostAndPort! == ("host.example", nil))
        #expect(try GitSourceLocation(parsing: "ssh://me@host/x").userName == "me")
        let error = #expect(throws: GitError.self) { try GitSourceLocation(parsing: "ftp://u:pw@host/x.git") }
        #expect(error?.message == "unsupported URL scheme \"ftp\" in ftp://***@host/x.git")
    }

    @Test("the mirror directory is named after the repository and a digest of the normalized URL")
    func mirrorPath() throws {
        let one = GitRepositoryCache(location: try GitSourceLocation(parsing: "https://u@git.example.com/acme/pbx.git"),
                                     cacheDirectory: "/c")
        let two = GitRepositoryCache(location: try GitSourceLocation(parsing: "https://GIT.example.com/acme/pbx.git/"),
                                     cacheDirectory: "/c")
        let path = try #require(one.mirrorPath)
        #expect(path.hasPrefix("/c/pbx-") && path.hasSuffix(".git") && path.count == "/c/pbx-".count + 16 + 4)
        #expect(path == two.mirrorPath)
        #expect(GitRepositoryCache(location: .localPath("/x"), cacheDirectory: "/c").mirrorPath == nil)
    }

    @Test("refs parse as users write them")
    func references() throws {
        #expect(try GitReference(parsing: "") == .defaultBranch)
        #expect(try GitReference(parsing: "HEAD") == .defaultBranch)
        #expect(try GitReference(parsing: "main") == .named("main"))
        #expect(try GitReference(parsing: "refs/pull/7/head") == .named("refs/pull/7/head"))
        let sha = String(repeating: "ab", count: 20)
        #expect(try GitReference(parsing: "main@sha1:\(sha)") == .commit(sha, seenOn: "main"))
        #expect(try GitReference(parsing: "sha1:ABCDEF1") == .commit("abcdef1"))
        #expect(try GitReference(parsing: "deadbeef").possibleSHA == "deadbeef")
        #expect(try GitReference(parsing: "main").possibleSHA == nil)
        #expect(throws: GitError.self) { try GitReference(parsing: "bad name") }
        #expect(throws: GitError.self) { try GitReference(parsing: "a..b") }
        #expect(throws: GitError.self) { try GitReference(parsing: "sha1:xyz") }
    }

    @Test("revisions print and parse as Flux writes them")
    func revisions() {
        let sha = "0123456789abcdef0123456789abcdef01234567"
        #expect(GitRevision(refName: "main", sha: sha).description == "main@sha1:\(sha)")
        #expect(GitRevision(refName: nil, sha: sha.uppercased()).description == "sha1:\(sha)")
        #expect(GitRevision(parsing: "release/1.2@sha1:\(sha)") == GitRevision(refName: "release/1.2", sha: sha))
        #expect(GitRevision(parsing: "sha1:\(sha)")?.refName == nil)
        #expect(GitRevision(parsing: "main@sha1:0123") == nil)
        #expect(GitRevision(parsing: "@sha1:\(sha)") == nil)
        #expect(GitRevision(refName: "main", sha: sha).abbreviated == "main@sha1:0123456789ab")
    }

    @Test("paths inside the repository are normalized and may not leave it")
    func paths() throws {
        #expect(try GitSourceConfiguration.normalizedPath("./specs//acme/") == "specs/acme")
        #expect(try GitSourceConfiguration.normalizedPath("/") == "")
        #expect(try GitSourceConfiguration.normalizedPath(".") == "")
        #expect(throws: GitError.self) { try GitSourceConfiguration.normalizedPath("specs/../../etc") }
    }

    @Test("the default cache directory follows XDG")
    func cacheDirectory() {
        #expect(GitSourceConfiguration.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/var/cache/x", "HOME": "/h"])
            == "/var/cache/x/sfreconcile/git")
        #expect(GitSourceConfiguration.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])
            == "/h/.cache/sfreconcile/git")
    }

    @Test("credentials by reference are checked without printing a value")
    func credentials() throws {
        let credentials = GitCredentials(token: .environment("GIT_TOKEN"))
        #expect(credentials.description == "the token in $GIT_TOKEN as x-access-token")
        let error = #expect(throws: GitError.self) { try credentials.validate(environment: [:]) }
        #expect(error?.message == "the environment variable GIT_TOKEN is not set or empty")
        #expect(throws: Never.self) { try credentials.validate(environment: ["GIT_TOKEN": "x"]) }
        let missingKey = #expect(throws: GitError.self) { try GitCredentials(sshKeyFile: "/nonexistent/key").validate(environment: [:]) }
        #expect(missingKey?.message == "the SSH key file /nonexistent/key cannot be read")
    }

    @Test("known_hosts: plain, bracketed, wildcard, hashed and revoked entries")
    func knownHosts() {
        let key = [UInt8](repeating: 7, count: 51), other = [UInt8](repeating: 9, count: 51)
        let encoded = Data(key).base64EncodedString(), otherEncoded = Data(other).base64EncodedString()
        // `hashed.example` as OpenSSH's HashKnownHosts writes it: HMAC-SHA-1 keyed with the salt
        // (twenty 0x01 bytes), computed with Python's hmac module.
        let hashed = "|1|AQEBAQEBAQEBAQEBAQEBAQEBAQE=|vNAJUfxzHhx1s2iKKe2yii3haSo="
        let file = GitKnownHosts(contents: """
            # comment
            git.example.com,10.0.0.1 ssh-ed25519 \(encoded)
            [git.example.com]:2222 ssh-ed25519 \(otherEncoded)
            *.wild.example,!bad.wild.example ssh-ed25519 \(encoded)
            \(hashed) ssh-ed25519 \(encoded)
            @revoked revoked.example ssh-ed25519 \(encoded)
            revoked.example ssh-ed25519 \(encoded)
            garbage
            """)
        #expect(file.verify(host: "git.example.com", port: nil, key: key) == .trusted)
        #expect(file.verify(host: "git.example.com", port: 22, key: key) == .trusted)
        #expect(file.verify(host: "GIT.example.com", port: nil, key: other) == .mismatch)
        #expect(file.verify(host: "git.example.com", port: 2222, key: other) == .trusted)
        #expect(file.verify(host: "git.example.com", port: 2222, key: key) == .mismatch)
        #expect(file.verify(host: "a.wild.example", port: nil, key: key) == .trusted)
        #expect(file.verify(host: "bad.wild.example", port: nil, key: key) == .unknown)
        #expect(file.verify(host: "hashed.example", port: nil, key: key) == .trusted)
        #expect(file.verify(host: "revoked.example", port: nil, key: key) == .revoked)
        #expect(file.verify(host: "elsewhere.example", port: nil, key: key) == .unknown)
    }
}
