import ArgumentParser
import Controller
import Foundation
import Providers
import Spec

extension SFReconcile {
    /// `sfreconcile apply`: carries out a plan — a saved one, or one made now — under the
    /// state store's lock and write-ahead journal.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carry out a plan: the saved plan given, or a plan made now from a live observation.",
            discussion: """
                Without a plan file it observes, plans, shows the plan and asks for confirmation on a \
                terminal (without a terminal, --auto-approve is required). A saved plan (`plan --out \
                FILE`) is re-checked first: a changed spec revision or a changed observation refuses it \
                as stale. Actions run in dependency order, independent ones in parallel; approval-gated \
                ones only when approved (`sfreconcile approve ID` or --approve), disruptive ones only in \
                a maintenance window. Runs left unfinished by a crash are settled first. Exit status: 0 \
                success, 1 error, refused plan or failed action. See docs/apply.md.
                """
        )

        @Argument(help: ArgumentHelp("A saved plan (JSON from `plan --out FILE`). A directory or YAML file here is taken as the spec path.",
                                     valueName: "plan.json"))
        var planFile: String?

        @OptionGroup
        var source: SpecSourceOptions

        @OptionGroup(title: "State store")
        var state: StateOptions

        @Flag(help: "Apply a plan made now without asking (required when standard input is not a terminal).")
        var autoApprove = false

        @Option(name: .customLong("only"), parsing: .upToNextOption,
                help: ArgumentHelp("Apply only these actions (kinds such as deleteSnapshot, or action ids), with what they depend on.",
                                   valueName: "KIND|ID"))
        var only: [String] = []

        @Option(name: .customLong("approve"), help: ArgumentHelp("Approve this action id for this apply. Repeatable.", valueName: "ID"))
        var approvals: [String] = []

        @Option(help: ArgumentHelp("Seconds to wait for another apply's lock.", valueName: "SECONDS"))
        var lockTimeout = 0

        @Option(help: ArgumentHelp("Seconds one provider call of an action may take.", valueName: "SECONDS"))
        var actionTimeout = 600

        @Option(help: "Independent actions run at the same time, at most this many.")
        var parallelism = 4

        @Flag(help: "Progress as JSON lines (docs/apply.md) instead of text.")
        var json = false

        @Flag(help: "Apply even when some resources could not be observed (their rules planned nothing).")
        var allowIncomplete = false

        mutating func validate() throws {
            if let planFile, source.path == nil, !planFile.hasSuffix(".json") {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: planFile, isDirectory: &isDirectory),
                   isDirectory.boolValue || planFile.hasSuffix(".yaml") || planFile.hasSuffix(".yml") {
                    source.path = planFile
                    self.planFile = nil
                }
            }
            if lockTimeout < 0 { throw ValidationError("--lock-timeout must be 0 or more seconds") }
            if actionTimeout <= 0 { throw ValidationError("--action-timeout must be a positive number of seconds") }
            if parallelism <= 0 { throw ValidationError("--parallelism must be at least 1") }
        }
    }
}

extension SFReconcile.Apply {
    func run() async throws {
        let store = try state.open()
        let me = LockInfo.current(operation: "apply", now: Date())
        let lock = StateLock(store: store)
        let acquired: StateLock.Acquired
        do {
            acquired = try await lock.acquire(me, timeout: .seconds(lockTimeout))
        } catch {
            throw fail("\(error)")
        }
        defer { try? lock.release(me) }
        if case .tookOverFromDeadProcess(_, let previous) = acquired {
            note("the previous holder of the state store is gone (\(previous)); its unfinished work is settled now")
        }

        let (spec, revision) = try await ValidSpec.load(source)
        let registry = ProviderRegistry(spec: spec)
        let hook = CrashHookHandle(killAt: ProcessInfo.processInfo.environment["SFRECONCILE_TEST_KILL_AT"].flatMap(Int.init))
        let json = self.json
        let applier = Applier(store: store, registry: registry,
                              configuration: ApplyConfiguration(parallelism: parallelism, actionTimeout: .seconds(actionTimeout)),
                              progress: { event in
                                  let line = json ? ApplyEventRenderer.jsonLine(event) : ApplyEventRenderer.text(event)
                                  FileHandle.standardOutput.write(Data(line.utf8))
                              })
        var failed = false
        do {
            for report in try await applier.recover(crash: hook) {
                note("settled run \(report.run.id), left unfinished by an interruption: \(report.line)")
                report.alerts.forEach { note("alert: \($0)") }
                failed = failed || report.run.status == .failed
            }
            let observer = EstateObserver(registry: registry, generator: "sfreconcile \(SFReconcileVersion.current)")
            let live = LivePlanning(observer: observer, history: ObservationHistory(store: store))
            if let plan = try await plan(spec, revision: revision, live: live) {
                let gate = ActionGate(approvals: try Approvals(store: store).approved().union(approvals),
                                      maintenanceOpen: MaintenanceSchedule(spec.policy.maintenanceWindows).state(at: Date()).isOpen,
                                      only: only)
                let report = try await applier.apply(plan, gate: gate, who: me.who, crash: hook)
                note("Apply \(report.run.id): \(report.line)")
                report.alerts.forEach { note("alert: \($0)") }
                failed = failed || report.run.status == .failed
            }
        } catch let error as StateError {
            throw fail("\(error)")
        }
        for provider in registry.providers.values { await provider.close() }
        if failed { throw ExitCode.failure }
    }

    /// The plan to apply: the saved one, checked for staleness, or one made now and
    /// confirmed. Nil when there is nothing to do.
    private func plan(_ spec: Spec, revision: String?, live: LivePlanning) async throws -> SavedPlan? {
        let saved: SavedPlan
        if let planFile {
            do {
                saved = try SavedPlan.read(path: planFile)
            } catch {
                throw fail("\(error)")
            }
            try check(errored: saved.errored, complete: saved.complete)
            let (_, digest) = try await live.observe(spec, revision: revision)
            if let problem = StalePlanCheck.problem(with: saved, currentRevision: revision, observedDigest: digest) { throw fail(problem) }
            saved.alerts.forEach { note("alert (from the plan): \($0)") }
        } else {
            let plan = try await live.plan(spec, revision: revision, now: Date())
            try check(errored: plan.errored, complete: plan.complete)
            if !json { FileHandle.standardOutput.write(Data(PlanTextRenderer(color: false).render(plan).utf8)) }
            saved = SavedPlan(plan, json: [UInt8](PlanJSONRenderer().renderData(plan)))
            if !saved.actions.isEmpty && !autoApprove { try confirm() }
        }
        if saved.actions.isEmpty {
            note("No changes to apply.")
            return nil
        }
        return saved
    }

    private func check(errored: Bool, complete: Bool) throws {
        if errored { throw fail("the plan is errored (see its errors); it is never applied") }
        if !complete && !allowIncomplete {
            throw fail("the plan is incomplete: some resources could not be observed (--allow-incomplete applies it anyway)")
        }
    }

    private func confirm() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw fail("standard input is not a terminal, so nobody can confirm: pass --auto-approve, or apply a saved plan (`plan --out FILE`)")
        }
        print("\nApply these actions? Only 'yes' is accepted: ", terminator: "")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else { throw fail("apply cancelled") }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Says `text` on standard error; the exit status to throw.
    private func fail(_ text: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
        return ExitCode.failure
    }
}
