import Controller
import Foundation
import Providers
import Spec
import Testing

/// The SQLite state store: migrations, the lock, approvals, the observation history, and
/// the saved-plan checks.
@Suite("state store: schema, lock, approvals, history; saved plans")
struct StateStoreTests {
    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sfreconcile-state-\(UUID().uuidString)").path
    }

    @Test("opens twice (migrations run once), keeps its data, and passes SQLite's integrity check")
    func reopen() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(!StateStore.exists(in: dir))
        #expect(throws: StateError.self) { try StateStore(directory: dir, create: false) }
        let store = try StateStore(directory: dir)
        try Approvals(store: store).approve("deleteSnapshot:x", who: "a@b", at: Date())
        let again = try StateStore(directory: dir)
        #expect(try Approvals(store: again).approved() == ["deleteSnapshot:x"])
        #expect(try again.integrityCheck() == "ok")
        #expect(StateStore.exists(in: dir))
    }

    @Test("the default state directory follows XDG_STATE_HOME, else ~/.local/state")
    func defaultDirectory() {
        #expect(StateStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/a"]) == "/x/state/sfreconcile")
        #expect(StateStore.defaultDirectory(environment: ["HOME": "/home/a"]) == "/home/a/.local/state/sfreconcile")
    }

    @Test("one holder at a time: a live holder blocks with its id, user@host, pid; a dead one on this host is taken over")
    func lock() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lock = StateLock(store: try StateStore(directory: dir))
        let first = LockInfo(id: "aaaa1111", operation: "apply", who: "alice@ops", host: "ops", pid: 4242, acquiredAt: Date())
        let second = LockInfo(id: "bbbb2222", operation: "apply", who: "bob@ops", host: "ops", pid: 4343, acquiredAt: Date())
        _ = try await lock.acquire(first, timeout: .zero, isAlive: { _ in true })
        do {
            _ = try await lock.acquire(second, timeout: .zero, isAlive: { _ in true })
            Issue.record("the second apply got the lock")
        } catch let error as LockHeldError {
            #expect(error.holder.id == "aaaa1111")
            #expect(error.description.contains("apply by alice@ops (pid 4242)"))
            #expect(error.description.contains("sfreconcile force-unlock aaaa1111"))
        }
        // The holder was killed: its pid is gone.
        let taken = try await lock.acquire(second, timeout: .zero, isAlive: { $0 != 4242 })
        guard case .tookOverFromDeadProcess(let mine, let previous) = taken else {
            Issue.record("expected a take-over, got \(taken)")
            return
        }
        #expect(mine.id == "bbbb2222" && previous.id == "aaaa1111")
        // A holder on another host is never taken over; force-unlock needs its id.
        try lock.release(second)
        let remote = LockInfo(id: "cccc3333", operation: "apply", who: "carol@other", host: "other", pid: 1, acquiredAt: Date())
        _ = try await lock.acquire(remote, timeout: .zero)
        await #expect(throws: LockHeldError.self) { _ = try await lock.acquire(first, timeout: .zero, isAlive: { _ in false }) }
        #expect(throws: StateError.self) { try lock.forceUnlock("wrong") }
        #expect(try lock.forceUnlock("cccc3333").who == "carol@other")
        #expect(try lock.holder() == nil)
    }

    @Test("observations feed the live-version timeline VER-2 uses")
    func history() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let history = ObservationHistory(store: try StateStore(directory: dir))
        var world = World()
        try history.record(world.estate, digest: "sha256:1")
        world.observedAt = World.t0.addingTimeInterval(86_400)
        world.live.version = World.v12
        try history.record(world.estate, digest: "sha256:2")
        #expect(try history.count() == 2)
        // Planning with the store's timeline equals planning with the same estates as files.
        var fromFiles = World()
        fromFiles.history = [World().estate, world.estate]
        var request = PlanRequest(spec: try fromFiles.spec(), estate: fromFiles.estate, now: World.t0)
        request.history = try history.liveVersions()
        let fromStore = Planner().plan(request)
        let expected = try fromFiles.plan()
        #expect(fromStore.findings.filter { $0.rule == .ver2 } == expected.findings.filter { $0.rule == .ver2 })
    }

    @Test("a saved plan is refused when the spec revision or the observed digest changed")
    func stalePlan() throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.savedPlan()
        #expect(StalePlanCheck.problem(with: plan, currentRevision: nil, observedDigest: plan.observedDigest) == nil)
        let changed = StalePlanCheck.problem(with: plan, currentRevision: nil, observedDigest: "sha256:0000")
        #expect(changed?.hasPrefix("the plan is stale: what it was planned against has changed") == true)
        var revised = plan
        revised.revision = "main@sha1:aaaa"
        #expect(StalePlanCheck.problem(with: revised, currentRevision: "main@sha1:bbbb", observedDigest: plan.observedDigest)?
            .contains("made from main@sha1:aaaa, the spec is now at main@sha1:bbbb") == true)
    }

    @Test("the saved-plan reader reads back what the JSON renderer writes, and refuses another major version")
    func savedPlanRoundTrip() throws {
        let w = try ApplyWorld()
        defer { w.remove() }
        let plan = try w.world.plan(now: ApplyWorld.saturdayNight)
        let saved = try w.savedPlan()
        #expect(saved.actions == plan.actions)
        #expect(saved.observedDigest == plan.observedDigest)
        let text = String(decoding: saved.json, as: UTF8.self).replacingOccurrences(of: "\"format_version\": \"1.0\"", with: "\"format_version\": \"2.0\"")
        #expect(throws: SavedPlan.Problem.self) { try SavedPlan.parse(Array(text.utf8), source: "p.json") }
    }
}
