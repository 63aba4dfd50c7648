import Foundation

/// Formats instants the way the original's JSON did: ISO-8601 in UTC with milliseconds
/// (`2025-11-23T05:00:12.345Z`), independent of the process time zone.
public enum Timestamps {
    /// The ISO-8601 text with milliseconds and a `Z` suffix.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        )
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
