import Controller
import Foundation
import Spec
import Testing

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
