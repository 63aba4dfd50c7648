import Foundation
import RecordsCore

/// The live watcher's settings (docs/live-watching.md).
///
/// Settings:
/// - `WATCH_MODE` (`live`, the default, or `daily`): `live` runs the watcher inside `serve` (and
///   `recordsw watch`) and the daily run leaves it the maps it checked within the floor; `daily` is
///   the original's behaviour, every check in the daily run;
/// - `WATCH_RATE` (default 0.5, at most `TRACKMANIA_RATE_LIMIT`): sustained Trackmania requests per
///   second the watcher may spend;
/// - `WATCH_MAX_STALENESS` (default 24 h, at least a minute): every watched map is read at least this
///   often; plain seconds (`900`) or a duration (`90s`, `15m`, `6h`, `1d`);
/// - `WATCH_SCHEDULER` (`sqrt`, the default, or `uniform`): how the budget is shared out; `uniform`
///   is plain round-robin, the benchmark's comparison.
public struct WatchConfig: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable {
        case live
        case daily
    }

    public var mode: Mode
    /// What the watcher runs with (rate, floor, scheduler).
    public var settings: WatchSettings

    /// Reads the section; `trackmaniaRate` is `TRACKMANIA_RATE_LIMIT`, which the watcher may not exceed.
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    init(_ reader: ConfigReader, trackmaniaRate: Double) throws {
        switch reader.value("WATCH_MODE")?.lowercased() {
        case nil, "live": mode = .live
        case "daily": mode = .daily
        default: throw AppConfig.Invalid(description: "WATCH_MODE must be live or daily")
        }
        let rate: Double
        if let raw = reader.value("WATCH_RATE") {
            guard let value = Double(raw), value.isFinite, value > 0 else {
                throw AppConfig.Invalid(description: "WATCH_RATE must be a number of requests per second above 0")
            }
            guard value <= trackmaniaRate else {
                throw AppConfig.Invalid(
                    description: "WATCH_RATE (\(raw)) may not exceed TRACKMANIA_RATE_LIMIT (\(trackmaniaRate))")
            }
            rate = value
        } else {
            rate = min(0.5, trackmaniaRate)
        }
        let staleness: TimeInterval
        if let raw = reader.value("WATCH_MAX_STALENESS") {
            guard let seconds = Self.duration(raw) else {
                throw AppConfig.Invalid(
                    description: "WATCH_MAX_STALENESS must be seconds or a duration such as 900, 15m, 6h or 1d")
            }
            guard seconds >= 60 else {
                throw AppConfig.Invalid(description: "WATCH_MAX_STALENESS must be at least a minute (60)")
            }
            guard seconds <= 30 * 86_400 else {
                throw AppConfig.Invalid(description: "WATCH_MAX_STALENESS must be at most 30 days")
            }
            staleness = seconds
        } else {
            staleness = 86_400
        }
        let scheduler: WatchSchedulerKind
        switch reader.value("WATCH_SCHEDULER")?.lowercased() {
        case nil: scheduler = .sqrt
        case let name?:
            guard let kind = WatchSchedulerKind(rawValue: name) else {
                throw AppConfig.Invalid(description: "WATCH_SCHEDULER must be sqrt or uniform")
            }
            scheduler = kind
        }
        settings = WatchSettings(rate: rate, maxStaleness: staleness, scheduler: scheduler)
    }

    /// Seconds from plain seconds or a number with a unit (`s`, `m`, `h`, `d`); `nil` when unreadable.
    static func duration(_ text: String) -> TimeInterval? {
        let lowered = text.lowercased()
        let units: [(String, Double)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let value = Double(lowered.dropLast()), value.isFinite, value >= 0 else { return nil }
            return value * factor
        }
        guard let value = Double(lowered), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
