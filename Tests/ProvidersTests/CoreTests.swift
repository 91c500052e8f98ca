import Foundation
@testable import Providers
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, initialDelay: .milliseconds(100), maxDelay: .seconds(1), multiplier: 2, jitter: 0.5)

    @Test("delays grow exponentially, are capped, and jitter only shortens them")
    func delays() {
        #expect(policy.delay(afterAttempt: 1, random: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, random: 0) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, random: 0) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 5, random: 0) == .seconds(1))   // 1.6 s capped
        #expect(policy.delay(afterAttempt: 40, random: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, random: 1) == .milliseconds(100))   // half of 200 ms
        for random in stride(from: 0.0, to: 1.0, by: 0.1) {
            let delay = policy.delay(afterAttempt: 3, random: random)
            #expect(delay <= .milliseconds(400) && delay >= .milliseconds(200))
        }
    }

    @Test("retries transient errors until one succeeds, pausing between tries")
    func transient() async throws {
        let attempts = Counter(), pauses = Recorder<Duration>()
        let value = try await policy.run(random: { 0 }, sleep: { await pauses.add($0) }) { () async throws(ProviderError) -> Int in
            if await attempts.next() < 3 { throw ProviderError(.unavailable, "busy") }
            return 42
        }
        #expect(value == 42)
        #expect(await attempts.value == 3)
        #expect(await pauses.values == [.milliseconds(100), .milliseconds(200)])
    }

    @Test("does not retry errors a retry cannot fix", arguments: [ProviderError.Kind.auth, .tls, .permission, .notFound, .protocol,
                                                                   .configuration, .precondition, .unsupported])
    func permanent(kind: ProviderError.Kind) async {
        let attempts = Counter()
        await #expect(throws: ProviderError.self) {
            try await policy.run(sleep: { _ in }) { () async throws(ProviderError) -> Int in
                _ = await attempts.next()
                throw ProviderError(kind, "no")
            }
        }
        #expect(await attempts.value == 1)
    }

    @Test("gives up after maxAttempts")
    func givesUp() async {
        let attempts = Counter()
        await #expect(throws: ProviderError.self) {
            try await policy.run(sleep: { _ in }) { () async throws(ProviderError) -> Int in
                _ = await attempts.next()
                throw ProviderError(.timeout, "slow")
            }
        }
        #expect(await attempts.value == 5)
    }

    @Test("a call that changes something is retried only when the request was not sent")
    func nonIdempotent() async {
        let attempts = Counter()
        await #expect(throws: ProviderError.self) {
            try await policy.run(idempotent: false, sleep: { _ in }) { () async throws(ProviderError) -> Int in
                _ = await attempts.next()
                throw ProviderError(.timeout, "maybe done")
            }
        }
        #expect(await attempts.value == 1)
        let unsent = Counter()
        _ = try? await policy.run(idempotent: false, sleep: { _ in }) { () async throws(ProviderError) -> Int in
            if await unsent.next() < 2 { throw ProviderError(.unreachable, "refused") }
            return 1
        }
        #expect(await unsent.value == 2)
    }
}

@Suite("Concurrency limit")
struct ConcurrencyLimitTests {
    @Test("never runs more than the limit at once")
    func bounded() async {
        let limit = ConcurrencyLimit(3)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await limit.run {
                        await gauge.enter()
                        try? await Task.sleep(for: .milliseconds(10))
                        await gauge.leave()
                    }
                }
            }
        }
        #expect(await gauge.peak == 3)
    }

    @Test("concurrentMap keeps order and bounds concurrency")
    func map() async {
        let gauge = Gauge()
        let result = await Array(0..<30).concurrentMap(limit: 4) { value in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(Int.random(in: 1...5)))
            await gauge.leave()
            return value * 2
        }
        #expect(result == Array(0..<30).map { $0 * 2 })
        #expect(await gauge.peak <= 4)
        #expect(await gauge.peak > 1)
    }
}

@Suite("Resource addresses")
struct ResourceRefTests {
    @Test("print and parse back, slashes in names included", arguments: [
        ResourceRef.vm("starface-pbx01", on: "vc-muc"), .backups(on: "s3", prefix: "pbx/main/"), .backups(on: "s3", prefix: ""),
        .starface("pbx-live"), .backupJob("STARFACE VM", on: "veeam"), .replication(of: "pbx", on: "srm-muc"),
    ])
    func roundTrip(ref: ResourceRef) {
        #expect(ResourceRef(parsing: ref.description) == ref)
    }

    @Test("the address format")
    func format() {
        #expect(ResourceRef.vm("starface-pbx01", on: "vc-muc").description == "vc-muc/vm/starface-pbx01")
        #expect(ResourceRef.backupJob("STARFACE VM", on: "veeam").description == "veeam/backup-job/STARFACE VM")
        #expect(ResourceRef(parsing: "vc/unknown-kind/x") == nil)
        #expect(ResourceRef(parsing: "vc/vm") == nil)
        #expect(ResourceRef(parsing: "/vm/x") == nil)
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("formats UTC with whole seconds")
    func format() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_612_345.9)) == "2026-11-25T13:12:25Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test("parses xsd:dateTime forms")
    func parse() {
        #expect(Timestamp.parse("2026-11-25T13:12:25Z") == Date(timeIntervalSince1970: 1_795_612_345))
        #expect(Timestamp.parse("2026-11-25T15:12:25+02:00") == Date(timeIntervalSince1970: 1_795_612_345))
        #expect(Timestamp.parse("2026-11-25T13:12:25") == Date(timeIntervalSince1970: 1_795_612_345))
        let fractional = Timestamp.parse("2026-11-25T13:12:25.493482309Z")?.timeIntervalSince1970 ?? 0
        #expect(abs(fractional - 1_795_612_345.493482309) < 0.000_01)
        for bad in ["", "2026-11-26", "2026-13-01T00:00:00Z", "2026-11-25T13:12:25Zjunk", "2026-11-26T25:00:00Z", "2026-11-25T13:12:25."] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("agrees with Foundation over many instants")
    func agrees() {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -2_000_000_000, to: 4_000_000_000, by: 7_654_321) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(Timestamp.format(date) == formatter.string(from: date))
            #expect(Timestamp.parse(formatter.string(from: date)) == date)
        }
    }
}

// MARK: helpers

actor Counter {
    private(set) var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}

actor Recorder<T: Sendable> {
    private(set) var values: [T] = []
    func add(_ value: T) { values.append(value) }
}

actor Gauge {
    private var current = 0
    private(set) var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}
