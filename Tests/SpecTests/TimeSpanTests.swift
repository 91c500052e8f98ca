import Spec
import Testing

@Suite("TimeSpan")
struct TimeSpanTests {
    @Test("parses every unit and their combinations", arguments: [
        ("30s", 30), ("5m", 300), ("1h30m", 5400), ("24h", 86_400), ("7d", 604_800), ("0s", 0), ("1d2h3m4s", 93_784),
    ])
    func parses(text: String, seconds: Int) {
        #expect(TimeSpan(parsing: text)?.seconds == seconds)
    }

    @Test("rejects what is not a duration", arguments: ["", "5", "m", "5x", "1m1h", "1h1h", "-5m", "1.5h", "5 m", "99999999999999d"])
    func rejects(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test("prints the canonical form")
    func prints() {
        #expect(TimeSpan.minutes(90).description == "1h30m")
        #expect(TimeSpan.zero.description == "0s")
        #expect(TimeSpan(parsing: "90s")?.description == "1m30s")
    }
}
