import Foundation

/// Formats instants the way the original's JSON did: ISO-8601 in UTC with milliseconds
/// (`2025-11-23T05:00:12.345Z`), independent of the process time zone.
public enum Timestamps {
    /// The ISO-8601 text with milliseconds and a `Z` suffix.
    public static func iso8601(_ date: Date) -> String {
        // Formatted by hand: FormatStyle costs microseconds per call on a path /health takes often.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// The calendar day of `date` in UTC as `YYYY-MM-DD`.
    public static func utcDay(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    /// Milliseconds since the Unix epoch, as stored in the original's `bigint` columns.
    public static func epochMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// The source of the current time, injected so tests and fixtures can pin it.
public protocol WallClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The real clock.
public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}
