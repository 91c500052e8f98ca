import ArgumentParser
import Controller
import Foundation
import Providers
import Spec

extension SFReconcile {
    /// `sfreconcile plan`: compares the spec with an observed estate and shows the drift,
    /// the actions that would close it, the alerts, and the failure scenarios.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the drift between the spec and the observed estate, and what would close it.",
            discussion: """
                Reads the spec from a file or directory, or with --repo from a ref and path of a Git \
                repository (the plan then names the revision), and plans it against the estate \
                observed now, or against an observed-estate file (--observed). With a state store \
                (--state-dir, or the default one when it exists) a live observation is recorded in \
                its history, and that history dates backups for VER-2. Exit status: 0 success; 1 error, invalid or unreadable spec, or incomplete \
                plan (a resource could not be observed; see --allow-incomplete); with \
                --detailed-exitcode, 2 when there are changes or alerts and 0 when there are none. \
                Colours only on a terminal, never with --no-color or NO_COLOR set. The JSON form is \
                described in docs/plan-json.md.
                """
        )

        @OptionGroup
        var source: SpecSourceOptions

        @Option(help: ArgumentHelp("The observed estate to plan against: JSON from `sfreconcile observe`, or written by hand (docs/observed-json.md). Without it, plan observes the providers now.",
                                   valueName: "file"))
        var observed: String?

        @OptionGroup(title: "State store")
        var state: StateOptions

        @Option(help: ArgumentHelp("An earlier observed estate; the live versions it saw date backups for VER-2. Repeatable. Without it, a state store's observation history is used.",
                                   valueName: "file"))
        var history: [String] = []

        @Option(help: ArgumentHelp("Plan as of this time instead of now (ISO 8601, e.g. 2026-11-25T10:00:00Z), for reproducible plans.",
                                   valueName: "time"))
        var now: String?

        @Option(help: ArgumentHelp("Also write the plan as JSON to this file (what a later apply reads).", valueName: "file"))
        var out: String?

        @Option(help: "Output format: text, json or markdown (pull-request comments, split into parts).")
        var format: PlanOutputFormat = .text

        @Flag(help: "Exit 2 when there are changes or alerts, 0 when there are none.")
        var detailedExitcode = false

        @Flag(help: "Do not fail (exit 1) when some resources could not be observed.")
        var allowIncomplete = false

        @Flag(help: "No colours in text output (NO_COLOR in the environment does the same).")
        var noColor = false

        func validate() throws {
            if let now, (try? PlanInputs.parseTime(now)) == nil {
                throw ValidationError("--now: \"\(now)\" is not an ISO 8601 time such as 2026-11-25T10:00:00Z")
            }
        }
    }
}

extension PlanOutputFormat: ExpressibleByArgument {}

extension SFReconcile.Plan {
    func run() async throws {
        MemoryTuning.applyForOneShotCommand()
        if observed == nil { return try await runLive() }
        var timing = PhaseTiming(enabled: ProcessInfo.processInfo.environment["SFRECONCILE_TIMING"] == "1")
        defer { timing.report() }
        // The estates are read while the spec loads: neither needs the other. On a thread of
        // its own: as a task it would take the pool thread the spec files load on beside
        // each other (`OwnThread`).
        let estatePaths = [observed ?? ""] + history
        // Only JSON and Markdown show the estate's digest, and only a saved plan needs it.
        let takesDigest = format != .text || out != nil
        async let estates = OwnThread.run(named: "sfreconcile-estate") {
            Result { () throws(PlanInputs.Problem) in try PlanInputs.readEstates(estatePaths, digestingFirst: takesDigest) }
        }
        var snapshot: SpecSnapshot
        do {
            snapshot = try await SpecSourceReader().read(try source.source())
        } catch let error as GitError {
            _ = await estates
            throw SourceFailure.report(error, exitCode: .failure)
        }
        // A valid spec's source map only serves diagnostics, and planning makes none: freed
        // here, while the estate is still being read, its memory goes to the plan.
        if snapshot.result.isValid { snapshot.result.sourceMap = SourceMap() }
        timing.mark("load spec (estate read beside it)")
        let read = await estates
        timing.mark("rest of estate read")
        let loaded = snapshot.result
        guard loaded.isValid else {
            FileHandle.standardError.write(Data(ValidationReportRenderer.render(loaded, as: .text).utf8))
            throw ExitCode.failure
        }
        var request: PlanRequest
        do {
            let estates = try read.get()
            let time = try now.map { text throws(PlanInputs.Problem) in try PlanInputs.parseTime(text) } ?? Date()
            request = PlanInputs.request(spec: loaded.spec, estate: estates[0].estate, digest: estates[0].digest,
                                         history: estates.dropFirst().map(\.estate), now: time,
                                         revision: snapshot.revision?.description)
            request.takesDigest = takesDigest
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let plan = Planner().plan(request)
        timing.mark("plan")
        try output(plan, keeping: (snapshot, request), timing: timing)
    }
}

extension SFReconcile.Plan {
    /// Plans against a live observation (no --observed).
    private func runLive() async throws {
        let (spec, revision) = try await ValidSpec.load(source)
        let time = try now.map { text throws(PlanInputs.Problem) in try PlanInputs.parseTime(text) } ?? Date()
        let history: [ObservedEstate]
        do {
            history = try PlanInputs.readEstates(self.history).map(\.estate)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let store = StateStore.exists(in: state.directory) ? try state.open(create: false) : nil
        let observer = EstateObserver(registry: ProviderRegistry(spec: spec), generator: "sfreconcile \(SFReconcileVersion.current)")
        let plan: Controller.Plan
        do {
            plan = try await LivePlanning(observer: observer, history: store.map(ObservationHistory.init(store:)))
                .plan(spec, revision: revision, now: time, fileHistory: history)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try output(plan)
    }

    /// Writes `--out`, prints the plan in the chosen format, and exits as `PlanExitStatus`
    /// says, with `inputs` alive to the end (`leave`); the time it took is marked "render".
    private func output<Inputs>(_ plan: Controller.Plan, keeping inputs: Inputs = (), timing: PhaseTiming? = nil) throws -> Never {
        if let out {
            do {
                try Self.save(plan, to: out)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write \(out): \((error as NSError).localizedDescription)\n".utf8))
                throw ExitCode.failure
            }
        }
        let color = format == .text && Terminal.wantsColor(noColorFlag: noColor)
        try Self.write(plan, as: format.view(color: color), to: FileHandle.standardOutput)
        var timing = timing
        timing?.mark("render")
        Self.leave(with: PlanExitStatus.code(for: plan, detailedExitCode: detailedExitcode, allowIncomplete: allowIncomplete), plan,
                   keeping: inputs) {
            timing?.report()
        }
    }

    /// Writes `plan` as JSON to `path`: into a temporary file beside it, renamed over it
    /// once complete, so that nobody reads half a plan.
    private static func save(_ plan: Controller.Plan, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try write(plan, as: PlanJSONRenderer(), to: file)
            try file.synchronize()
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes `plan` to `file` as it is rendered; the first write that fails (a closed
    /// pipe, a full disk) ends the writing and is thrown.
    private static func write(_ plan: Controller.Plan, as view: any PlanView, to file: FileHandle) throws {
        var failure: (any Error)?
        view.render(plan) { piece in
            guard failure == nil else { return }
            do { try file.write(contentsOf: piece) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Says why the exit status is 1 for an incomplete plan, runs `last`, then ends the
    /// process with `code` at once, with `plan` and `inputs` (the spec and the estate)
    /// still alive.
    ///
    /// Returning would free the plan, the spec and the estate first: millions of objects,
    /// about 0.3 s at 10,000 instances, for memory the operating system takes back anyway.
    /// Nothing is lost by leaving here: the output went out through unbuffered
    /// `FileHandle` writes, the state store writes its files whole before returning, and
    /// this command installs no log handler that buffers.
    private static func leave<Inputs>(with code: Int32, _ plan: Controller.Plan, keeping inputs: Inputs,
                                      then last: () -> Void = {}) -> Never {
        if code == 1 && !plan.complete && !plan.errored {
            FileHandle.standardError.write(Data("error: the plan is incomplete: \(plan.incomplete.count) resource(s) could not be observed (--allow-incomplete plans anyway)\n".utf8))
        }
        last()
        withExtendedLifetime((plan, inputs)) { Foundation.exit(code) }
    }
}

/// Phase durations (wall and CPU) on standard error when `SFRECONCILE_TIMING=1`, for
/// Benchmarks/plan.sh.
struct PhaseTiming {
    var enabled: Bool
    private var lastWall = ContinuousClock.now
    private var lastCPU = PhaseTiming.cpuSeconds()
    private var phases: [(String, Double, Double, Int)] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let wall = ContinuousClock.now, cpu = Self.cpuSeconds()
        let elapsed = wall - lastWall
        phases.append((phase, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpu - lastCPU,
                       Self.peakResidentMegabytes()))
        lastWall = wall
        lastCPU = cpu
    }

    func report() {
        guard enabled else { return }
        let text = phases.map { "\($0.0) \(Int(($0.1 * 1000).rounded())) ms (cpu \(Int(($0.2 * 1000).rounded())) ms, peak \($0.3) MB)" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("timing: \(text)\n".utf8))
    }

    /// The peak resident set so far, in MB (`ru_maxrss` is in KiB on Linux).
    private static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024 / 1_000_000
    }

    private static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Whether standard output gets ANSI colours.
enum Terminal {
    static func wantsColor(noColorFlag: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}
