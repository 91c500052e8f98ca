import Controller
import Foundation
import Spec
import Testing
import TestSupport

@Suite("SpecSourceReader")
struct SpecSourceReaderTests {
    @Test("validate output for a Git spec names files as in the repository and prints the revision")
    func validationOutput() async throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(["specs/acme.yaml": SpecText.invalid, "specs/ok.yaml": SpecText.site("ok")])
        let configuration = GitSourceConfiguration(location: .remote(url: fixture.fileURL), ref: .named("main"), path: "specs",
                                                   cacheDirectory: fixture.cacheDirectory)
        let snapshot = try await SpecSourceReader().read(.git(configuration))
        #expect(snapshot.revision == GitRevision(refName: "main", sha: sha))
        let text = ValidationReportRenderer.render(snapshot, as: .text)
        #expect(text.hasPrefix("specs/acme.yaml:3:13: error: unknown key \"descripton\""))
        #expect(text.hasSuffix("""
            source: specs at main@sha1:\(sha) of \(fixture.fileURL)
            invalid: 1 error, 0 warnings in 2 files

            """))
        let json = ValidationReportRenderer.render(snapshot, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let source = try #require(object["source"] as? [String: String])
        #expect(source == ["repository": fixture.fileURL, "revision": "main@sha1:\(sha)", "path": "specs"])
        #expect(object["files"] as? [String] == ["specs/acme.yaml", "specs/ok.yaml"])
    }

    @Test("a directory renders exactly as before")
    func directoryUnchanged() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/ok.yaml": SpecText.site("ok")], push: false)
        let snapshot = try await SpecSourceReader().read(.directory(fixture.work + "/specs"))
        #expect(snapshot.revision == nil)
        for format in ValidationOutputFormat.allCases {
            #expect(ValidationReportRenderer.render(snapshot, as: format) == ValidationReportRenderer.render(snapshot.result, as: format))
        }
    }

    @Test("compares two revisions of a local repository, as a pull request check does")
    func compareLocal() async throws {
        let fixture = try GitFixture()
        let base = try fixture.commit(["specs/a.yaml": SpecText.site("a")], push: false)
        try fixture.git("checkout", "--quiet", "-b", "feature")
        let head = try fixture.commit(["specs/a.yaml": SpecText.site("a", "changed"), "specs/b.yaml": SpecText.site("b")], push: false)
        let configuration = GitSourceConfiguration(location: .localPath(fixture.work), path: "specs",
                                                   cacheDirectory: fixture.cacheDirectory)
        let comparison = try await SpecSourceReader().compare(base: .named("main"), head: .defaultBranch, in: configuration)
        #expect(comparison.base.revision == GitRevision(refName: "main", sha: base))
        #expect(comparison.head.revision == GitRevision(refName: "feature", sha: head))
        #expect(comparison.diff.changes.map { "\($0.kind.rawValue) \($0.name ?? "")" } == ["changed a", "added b"])
        #expect(comparison.diff.changes.first?.keys.first.map { "\($0.path): \($0.before!) → \($0.after!)" }
            == "description: \(JSONValue.string("a site")) → \(JSONValue.string("changed"))")

        let same = try await SpecSourceReader().compare(base: .named("feature"), head: .commit(head), in: configuration)
        #expect(same.diff.isEmpty)
        #expect(SpecDiffRenderer.render(same, as: .text).hasSuffix("no changes\n"))
    }

    @Test("compares over file:// through one cache")
    func compareRemote() async throws {
        let fixture = try GitFixture()
        try fixture.commit(["specs/a.yaml": SpecText.site("a")])
        try fixture.git("tag", "v1")
        try fixture.git("push", "--quiet", "origin", "v1")
        try fixture.commit(["specs/a.yaml": nil, "specs/c.yaml": SpecText.site("c")])
        let configuration = GitSourceConfiguration(location: .remote(url: fixture.fileURL), path: "specs",
                                                   cacheDirectory: fixture.cacheDirectory)
        let comparison = try await SpecSourceReader().compare(base: .named("v1"), head: .named("main"), in: configuration)
        #expect(comparison.diff.changes.map { "\($0.kind.rawValue) \($0.name ?? "")" } == ["removed a", "added c"])
    }
}
