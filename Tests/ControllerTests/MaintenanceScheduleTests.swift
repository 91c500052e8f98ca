import Controller
import Foundation
import Providers
import Spec
import Testing

@Suite("maintenance windows")
struct MaintenanceScheduleTests {
    func window(_ days: [Weekday], _ from: String, _ to: String, _ zone: String) -> MaintenanceWindow {
        var window = MaintenanceWindow()
        window.days = days
        window.from = WallClockTime(parsing: from)!
        window.to = WallClockTime(parsing: to)!
        window.timeZone = TimeZoneName(zone)!
        return window
    }

    func at(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test("a window crossing midnight is open on its day's evening and the next morning", arguments: [
        ("2026-11-28T20:59:00Z", false),   // Sat 21:59 Berlin
        ("2026-11-28T21:00:00Z", true),    // Sat 22:00
        ("2026-11-29T03:59:00Z", true),    // Sun 04:59
        ("2026-11-29T21:30:00Z", true),    // Sun 22:30
        ("2026-11-30T03:59:00Z", true),    // Mon 04:59, from Sunday's window
        ("2026-11-30T04:00:00Z", false),   // Mon 05:00: closed
        ("2026-11-28T03:00:00Z", false),   // Sat 04:00: Friday is not a window day
        ("2026-11-25T21:30:00Z", false),   // Wed 22:30
    ])
    func crossingMidnight(instant: String, open: Bool) {
        let weekend = window([.sat, .sun], "22:00", "05:00", "Europe/Berlin")
        #expect(MaintenanceSchedule.isOpen(weekend, at: at(instant)) == open)
    }

    @Test("time zones: the same instant is inside a Berlin window and outside a New York one")
    func timeZones() {
        let instant = at("2026-11-25T21:30:00Z")   // Wed 22:30 Berlin, 16:30 New York
        #expect(MaintenanceSchedule.isOpen(window([.wed], "22:00", "23:00", "Europe/Berlin"), at: instant))
        #expect(!MaintenanceSchedule.isOpen(window([.wed], "22:00", "23:00", "America/New_York"), at: instant))
        #expect(MaintenanceSchedule.isOpen(window([.wed], "16:00", "17:00", "America/New_York"), at: instant))
    }

    @Test("daylight saving: the window follows local time across the change")
    func dst() {
        let night = window([.sat], "22:00", "05:00", "Europe/Berlin")
        // 2026-03-28/29: clocks go forward at 02:00 on Sunday. Sat 22:00 CET = 21:00Z; Sun 05:00 CEST = 03:00Z.
        #expect(MaintenanceSchedule.isOpen(night, at: at("2026-03-28T21:00:00Z")))
        #expect(MaintenanceSchedule.isOpen(night, at: at("2026-03-29T02:59:00Z")))
        #expect(!MaintenanceSchedule.isOpen(night, at: at("2026-03-29T03:00:00Z")))
        // 2026-10-24/25: clocks go back at 03:00 on Sunday. Sun 05:00 CET = 04:00Z.
        #expect(MaintenanceSchedule.isOpen(night, at: at("2026-10-25T03:59:00Z")))
        #expect(!MaintenanceSchedule.isOpen(night, at: at("2026-10-25T04:00:00Z")))
        let next = MaintenanceSchedule.nextOpening(of: night, after: at("2026-03-25T12:00:00Z"))
        #expect(next == at("2026-03-28T21:00:00Z"))
        let afterChange = MaintenanceSchedule.nextOpening(of: night, after: at("2026-03-29T12:00:00Z"))
        #expect(afterChange == at("2026-04-04T20:00:00Z"))   // 22:00 CEST
    }

    @Test("a window ending at 24:00 closes at midnight")
    func untilMidnight() {
        let evening = window([.fri], "20:00", "24:00", "UTC")
        #expect(MaintenanceSchedule.isOpen(evening, at: at("2026-11-27T23:59:00Z")))
        #expect(!MaintenanceSchedule.isOpen(evening, at: at("2026-11-28T00:00:00Z")))
    }

    @Test("the state: open now, or when the next opens, in the window's own time")
    func state() {
        let schedule = MaintenanceSchedule([window([.sat, .sun], "22:00", "05:00", "Europe/Berlin")])
        let wednesday = schedule.state(at: at("2026-11-25T10:00:00Z"))
        #expect(!wednesday.isOpen)
        #expect(wednesday.nextOpening == at("2026-11-28T21:00:00Z"))
        #expect(wednesday.nextOpeningLocal == "Sat 2026-11-28 22:00 Europe/Berlin")
        #expect(schedule.state(at: at("2026-11-28T22:00:00Z")).isOpen)
        let none = MaintenanceSchedule([]).state(at: at("2026-11-25T10:00:00Z"))
        #expect(!none.hasWindows && !none.isOpen && none.nextOpening == nil)
    }
}
