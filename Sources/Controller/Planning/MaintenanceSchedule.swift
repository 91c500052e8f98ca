import Foundation
import Spec

/// Decides whether a maintenance window is open at an instant, and when the next one
/// opens. Windows are read in their own time zone with Foundation's Gregorian calendar,
/// so daylight-saving changes move them with local time: a window from 22:00 to 05:00
/// opens at 22:00 local on each of its days and closes at 05:00 local the next morning.
/// A day missing an hour skips the window's times in that hour; a day repeating an hour
/// keeps the window open through both.
public struct MaintenanceSchedule: Sendable {
    public var windows: [MaintenanceWindow]

    public init(_ windows: [MaintenanceWindow]) {
        self.windows = windows
    }

    /// Whether a window is open at `date`, and when the next one opens.
    public func state(at date: Date) -> MaintenanceState {
        guard !windows.isEmpty else {
            return MaintenanceState(hasWindows: false, isOpen: false, nextOpening: nil, nextOpeningLocal: nil)
        }
        if let open = windows.first(where: { Self.isOpen($0, at: date) }) {
            return MaintenanceState(hasWindows: true, isOpen: true, nextOpening: date, nextOpeningLocal: Self.local(date, in: open))
        }
        var best: (Date, MaintenanceWindow)?
        for window in windows {
            if let next = Self.nextOpening(of: window, after: date), best == nil || next < best!.0 { best = (next, window) }
        }
        return MaintenanceState(hasWindows: true, isOpen: false, nextOpening: best?.0, nextOpeningLocal: best.map { Self.local($0.0, in: $0.1) })
    }

    /// Whether `window` is open at `date`: on one of its days from `from`, until `to` the
    /// same day, or the next day when `to` is not after `from`.
    public static func isOpen(_ window: MaintenanceWindow, at date: Date) -> Bool {
        let calendar = Self.calendar(window)
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday.flatMap(Weekday.init(calendarWeekday:)) else { return false }
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let from = window.from.minuteOfDay, to = window.to.minuteOfDay
        if from < to {
            return window.days.contains(weekday) && minute >= from && minute < to
        }
        // Crosses midnight: the evening part on a listed day, the morning part the day after.
        return (window.days.contains(weekday) && minute >= from) || (window.days.contains(weekday.previous) && minute < to)
    }

    /// The first opening of `window` strictly after `date`, within the next eight days.
    public static func nextOpening(of window: MaintenanceWindow, after date: Date) -> Date? {
        let calendar = Self.calendar(window)
        let startOfDay = calendar.startOfDay(for: date)
        for offset in 0...8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startOfDay) else { continue }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard let weekday = parts.weekday.flatMap(Weekday.init(calendarWeekday:)), window.days.contains(weekday) else { continue }
            var opening = DateComponents()
            opening.year = parts.year
            opening.month = parts.month
            opening.day = parts.day
            opening.hour = window.from.hour
            opening.minute = window.from.minute
            guard let candidate = calendar.date(from: opening), candidate > date else { continue }
            return candidate
        }
        return nil
    }

    /// `Sat 2026-11-28 22:00 Europe/Berlin`.
    static func local(_ date: Date, in window: MaintenanceWindow) -> String {
        let calendar = Self.calendar(window)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekday = parts.weekday.flatMap(Weekday.init(calendarWeekday:))?.rawValue.capitalizedFirst ?? ""
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday) \(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) \(window.timeZone.identifier)"
    }

    private static func calendar(_ window: MaintenanceWindow) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = window.timeZone.timeZone
        return calendar
    }
}

extension Weekday {
    /// From Foundation's weekday number (1 = Sunday … 7 = Saturday).
    init?(calendarWeekday: Int) {
        switch calendarWeekday {
        case 1: self = .sun
        case 2: self = .mon
        case 3: self = .tue
        case 4: self = .wed
        case 5: self = .thu
        case 6: self = .fri
        case 7: self = .sat
        default: return nil
        }
    }

    /// The day before.
    var previous: Weekday {
        switch self {
        case .mon: return .sun
        case .tue: return .mon
        case .wed: return .tue
        case .thu: return .wed
        case .fri: return .thu
        case .sat: return .fri
        case .sun: return .sat
        }
    }
}
