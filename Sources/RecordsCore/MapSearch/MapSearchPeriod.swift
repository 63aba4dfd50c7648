import Foundation

/// How far back a "newest times" search or `/records/latest` looks (`period` query value).
public enum MapSearchPeriod: String, Sendable, CaseIterable {
    /// The last 24 hours.
    case day = "1d"
    /// The last 7 × 24 hours.
    case week = "1w"
    /// The last 30 × 24 hours.
    case month = "1m"

    /// The window length in seconds.
    public var seconds: Int {
        switch self {
        case .day: 86_400
        case .week: 7 * 86_400
        case .month: 30 * 86_400
        }
    }

    /// The oldest record timestamp (Unix seconds) inside the window ending at `now`.
    public func earliestTimestamp(now: Date) -> Int {
        Int(now.timeIntervalSince1970) - seconds
    }

    /// The allowed values, for error messages.
    public static let allowedList = allCases.map(\.rawValue).joined(separator: ", ")
}
