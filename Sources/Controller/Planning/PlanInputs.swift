import Foundation
import Providers
import Spec

/// Reads what `plan` needs from files: the observed estate, earlier estates for the
/// version history, the planning time. The one place of the plan path that does I/O.
public enum PlanInputs {
    /// A plan input that cannot be used, said so an admin knows what to fix.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads an observed estate written by `observe` or by hand (docs/observed-json.md).
    public static func readEstate(_ path: String) throws(Problem) -> ObservedEstate {
        try readEstateAndDigest(path, digesting: false).estate
    }

    /// Reads an observed estate and, when `digesting`, takes its digest (`ObservedDigest`)
    /// from the parsed document on the way.
    public static func readEstateAndDigest(_ path: String, digesting: Bool = true) throws(Problem) -> (estate: ObservedEstate, digest: String?) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Problem(description: "\(path): cannot read the observed estate: \((error as NSError).localizedDescription)")
        }
        // The fast path; whatever it cannot read, Foundation reads again to say why.
        if let read = try? EstateReader.read(data, digesting: digesting) { return (read.estate, read.digest) }
        do {
            return (try ObservedJSON.decode(data), nil)
        } catch let error as DecodingError {
            throw Problem(description: "\(path): not an observed estate: \(describe(error))")
        } catch {
            throw Problem(description: "\(path): not an observed estate: \(error)")
        }
    }

    /// Parses `--now`: ISO 8601 such as `2026-11-25T10:00:00Z`.
    public static func parseTime(_ text: String) throws(Problem) -> Date {
        guard let date = Timestamp.parse(text) else {
            throw Problem(description: "\"\(text)\" is not an ISO 8601 time such as 2026-11-25T10:00:00Z")
        }
        return date
    }

    /// The request for `spec` planned against `estate` (whose digest may be known), with
    /// `history`, at `now`.
    public static func request(spec: Spec, estate: ObservedEstate, digest: String? = nil, history: [ObservedEstate], now: Date,
                               revision: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> PlanRequest {
        let redactor = Redactor.resolving(spec) { reference in
            reference.resolvedIfPossible(environment: environment)?.reveal()
        }
        var request = PlanRequest(spec: spec, estate: estate, now: now, history: LiveVersionHistory(estates: history),
                                  revision: revision ?? estate.revision, redactor: redactor)
        request.observedDigest = digest
        return request
    }

    /// Reads the estates at `paths`, the first with its digest unless `digestingFirst` is
    /// false (the one planned against), the others as version history.
    public static func readEstates(_ paths: [String], digestingFirst: Bool = true) throws(Problem) -> [(estate: ObservedEstate, digest: String?)] {
        var read: [(estate: ObservedEstate, digest: String?)] = []
        for (index, path) in paths.enumerated() {
            read.append(index == 0 ? try readEstateAndDigest(path, digesting: digestingFirst) : (try readEstate(path), nil))
        }
        return read
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .dataCorrupted(let context): return context.debugDescription + path(context)
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\"" + path(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}

/// The exit status of `plan`, as `terraform plan` has it: 0 success (with
/// `--detailed-exitcode`: no drift), 1 error or incomplete plan, 2 drift (only with
/// `--detailed-exitcode`).
public enum PlanExitStatus {
    public static func code(for plan: Plan, detailedExitCode: Bool, allowIncomplete: Bool) -> Int32 {
        if plan.errored { return 1 }
        if !plan.complete && !allowIncomplete { return 1 }
        if detailedExitCode && plan.hasDrift { return 2 }
        return 0
    }
}
