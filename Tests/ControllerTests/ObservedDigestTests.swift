import Controller
import Foundation
import Providers
import Testing

@Suite("The observed digest")
struct ObservedDigestTests {
    @Test("the digest of a saved estate stays what earlier versions wrote into saved plans", arguments: [
        ("company-observed.json", "sha256:fa4f0828fd58995cec90c6bb3342d61c7dbcdeaa11eb40695a9462468636f1c6"),
        ("company-observed-veeam-unknown.json", "sha256:cf8e65984e81cdb36f5d562da72993c300cd7f36497d9d5768be1e8dffc9cbfe"),
    ])
    func pinned(name: String, digest: String) throws {
        let path = Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/\(name)").path
        #expect(try PlanInputs.readEstateAndDigest(path).digest == digest)
        #expect(try ObservedDigest.of(ObservedJSON.decode(Data(contentsOf: URL(fileURLWithPath: path)))) == digest)
    }

    @Test("the observed digest ignores when it was observed, and changes with what was observed")
    func digest() throws {
        var world = World()
        let first = try ObservedDigest.of(world.estate)
        #expect(first.hasPrefix("sha256:") && first.count == 7 + 64)
        world.observedAt = World.t0.addingTimeInterval(600)
        world.liveVM.snapshots = []
        #expect(try ObservedDigest.of(world.estate) == first)
        world.liveVM.numCPU = 8
        #expect(try ObservedDigest.of(world.estate) != first)
    }

    @Test("a plan carries the estate's digest unless the request declines one (text output, not saved)")
    func declined() throws {
        let world = World()
        var request = PlanRequest(spec: try world.spec(), estate: world.estate, now: World.t0)
        #expect(Planner().plan(request).observedDigest == (try ObservedDigest.of(world.estate)))
        request.takesDigest = false
        let plan = Planner().plan(request)
        #expect(plan.observedDigest.isEmpty)
        #expect(!plan.errored)
        let path = Paths.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/plan/company-observed.json").path
        #expect(try PlanInputs.readEstateAndDigest(path, digesting: false).digest == nil)
        #expect(try PlanInputs.readEstateAndDigest(path, digesting: false).estate == PlanInputs.readEstateAndDigest(path).estate)
    }
}
