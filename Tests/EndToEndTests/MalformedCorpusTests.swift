import Controller
import Foundation
import Spec
import Testing
import TestSupport

/// Every file under Fixtures/malformed is a broken spec. Each must yield located errors
/// with hints — never a crash, never a hang — including the code listed for it in
/// expectations.txt; the full text output is kept as a golden file beside it.
@Suite("Malformed spec corpus")
struct MalformedCorpusTests {
    static let directory = RepositoryPaths.fixtures.appendingPathComponent("malformed")

    /// (file name, expected diagnostic code) from expectations.txt.
    static let cases: [(String, String)] = {
        let text = (try? String(contentsOf: directory.appendingPathComponent("expectations.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, !line.hasPrefix("#") else { return nil }
            return (String(fields[0]), String(fields[1]))
        }
    }()

    @Test("the corpus holds at least 50 malformed specs")
    func corpusSize() throws {
        #expect(Self.cases.count >= 50)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == Set(Self.cases.map(\.0)), "expectations.txt must list every fixture")
    }

    @Test("yields located, hinted errors and matches its golden output", arguments: cases.map(\.0))
    func malformed(file: String) throws {
        let expectedCode = try #require(Self.cases.first { $0.0 == file }?.1)
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let displayPath = "malformed/\(file)"
        let result = SpecLoader().load([SpecSourceFile(path: displayPath, bytes: bytes)])

        #expect(!result.isValid)
        #expect(result.diagnostics.contains { $0.code.rawValue == expectedCode },
                "expected a \(expectedCode) diagnostic, got \(result.diagnostics.map(\.code.rawValue))")
        let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        for diagnostic in result.diagnostics {
            #expect(diagnostic.location.file == displayPath)
            #expect(diagnostic.location.line >= 1 && diagnostic.location.line <= max(lineCount, 1))
            #expect(diagnostic.location.column >= 1)
            #expect(!(diagnostic.hint ?? "").isEmpty, "every diagnostic needs a hint: \(diagnostic.message)")
        }
        let golden = Self.directory.appendingPathComponent(file.replacingOccurrences(of: ".yaml", with: ".expected.txt"))
        Golden.expect(ValidationReportRenderer.render(result, as: .text), matches: golden)
    }
}
