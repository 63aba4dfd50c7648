import Foundation
import RecordsCore

/// The daily run's settings (`POST /api/v1/cron/daily`, `recordsw cron daily`).
public struct DailyRunConfig: Sendable, Equatable {
    /// `MAX_NEW_RECORDS_PER_MAP` (default 20, the original's): above it a map shows ``popularMapMessage``.
    public var maxNewRecordsPerMap: Int
    /// `POPULAR_MAP_MESSAGE`; the default states the configured limit (the original's hard-coded 20).
    public var popularMapMessage: String
    /// `DAILY_TOP_N` (1…100, default 100): leaderboard depth read and baselined per map.
    public var topN: Int
    /// `AUTO_INACCURATE_MAP_THRESHOLD` (default 100, the original's): authors with more maps use position probes.
    public var inaccurateThreshold: Int
    /// `DAILY_FIRST_CHECK_HOURS` (default 24): how far back a map's first check reports records.
    public var firstCheckHours: Int
    /// `DAILY_FETCH_CONCURRENCY` (default 8): leaderboards requested at once (the rate limiter still paces them).
    public var fetchConcurrency: Int

    /// Reads the section.
    /// - Throws: ``AppConfig/Invalid`` naming the first bad setting.
    public init(reader: ConfigReader) throws {
        maxNewRecordsPerMap = try reader.integer("MAX_NEW_RECORDS_PER_MAP", default: 20, range: 1...10_000)
        popularMapMessage =
            reader.value("POPULAR_MAP_MESSAGE")
            ?? DailyRunSettings.defaultPopularMapMessage(limit: maxNewRecordsPerMap)
        if popularMapMessage.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw AppConfig.Invalid(description: "POPULAR_MAP_MESSAGE must be one line of text")
        }
        topN = try reader.integer("DAILY_TOP_N", default: 100, range: 1...100)
        inaccurateThreshold = try reader.integer("AUTO_INACCURATE_MAP_THRESHOLD", default: 100, range: 1...1_000_000)
        firstCheckHours = try reader.integer("DAILY_FIRST_CHECK_HOURS", default: 24, range: 1...720)
        fetchConcurrency = try reader.integer("DAILY_FETCH_CONCURRENCY", default: 8, range: 1...64)
    }

    /// The pipeline's settings; `displayNameLifetime` comes from the Trackmania section.
    public func settings(displayNameLifetime: TimeInterval) -> DailyRunSettings {
        DailyRunSettings(
            topN: topN, maxNewRecordsPerMap: maxNewRecordsPerMap, popularMapMessage: popularMapMessage,
            inaccurateThreshold: inaccurateThreshold, firstCheckWindow: TimeInterval(firstCheckHours) * 3600,
            fetchConcurrency: fetchConcurrency, displayNameLifetime: displayNameLifetime)
    }
}
