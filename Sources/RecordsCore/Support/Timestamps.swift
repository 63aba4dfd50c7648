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
        // Written into 24 bytes directly: interpolating padded pieces built a dozen small strings.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var rest = max(value, 0)
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while rest / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(UInt8(ascii: "."))
        digits(millis, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The calendar day of `date` in UTC as `YYYY-MM-DD`.
    public static func utcDay(_ date: Date) -> String {
        // The date part of the hand-formatted timestamp (FormatStyle cost microseconds per row).
        String(iso8601(date).prefix(10))
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
