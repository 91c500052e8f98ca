import Spec

extension ValidationReportRenderer {
    /// Renders a loaded snapshot. From a directory, exactly as ``render(_:as:)``; from Git,
    /// the text and GitHub forms add a `source:` line naming the revision (and a `verified:`
    /// line when signatures are required) before the summary, and JSON adds a `source`
    /// object (repository, revision, path, signature).
    public static func render(_ snapshot: SpecSnapshot, as format: ValidationOutputFormat) -> String {
        guard case .git(let repository, let revision, let path) = snapshot.origin else {
            return render(snapshot.result, as: format)
        }
        switch format {
        case .json:
            guard case .object(var pairs) = json(snapshot.result) else { return render(snapshot.result, as: format) }
            var sourcePairs: [(String, JSONValue)] = [
                ("repository", .string(repository)), ("revision", .string(revision.description)), ("path", .string(path)),
            ]
            if let signature = snapshot.signature { sourcePairs.append(("signature", .string(signature.message))) }
            let source: JSONValue = .object(sourcePairs)
            pairs.insert(("source", source), at: min(2, pairs.count))
            return JSONValue.object(pairs).serialized() + "\n"
        case .text, .github:
            var out = render(snapshot.result, as: format)
            let summary = summaryLine(snapshot.result) + "\n"
            var sourceLine = "source: \(path.isEmpty ? "/" : path) at \(revision) of \(repository)\n"
            if let signature = snapshot.signature { sourceLine += "verified: \(signature.message)\n" }
            if out.hasSuffix(summary) {
                out.removeLast(summary.count)
                out += sourceLine + summary
            }
            return out
        }
    }
}
