import Foundation
import RecordsCore

/// The map-search queue's bounds and the worker's share of the Trackmania budget (docs/security.md,
/// docs/trackmania.md).
///
/// Settings:
/// - `MAP_SEARCH_MAX_PENDING_PER_USER` (default 3): unfinished searches one user may have;
/// - `MAP_SEARCH_MAX_PENDING` (default 100): unfinished searches across all users;
/// - `MAP_SEARCH_RATE_SHARE_PERCENT` (default 25): the share of `TRACKMANIA_RATE_LIMIT` the map-search
///   worker may use, so the daily run and the other routes always keep the rest.
public struct MapSearchConfig: Sendable, Equatable {
    /// The queue's bounds.
    public var limits: MapSearchQueueLimits
    /// The worker's share of the Trackmania pace, in percent.
    public var rateSharePercent: Int

    /// - Parameters:
    ///   - limits: The queue's bounds.
    ///   - rateSharePercent: The worker's share of the Trackmania pace, in percent.
    public init(limits: MapSearchQueueLimits = .standard, rateSharePercent: Int = 25) {
        self.limits = limits
        self.rateSharePercent = rateSharePercent
    }

    /// Reads the section.
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    init(_ reader: ConfigReader) throws {
        let standard = MapSearchQueueLimits.standard
        let perUser = try reader.integer("MAP_SEARCH_MAX_PENDING_PER_USER", default: standard.perUser, range: 1...100)
        let total = try reader.integer("MAP_SEARCH_MAX_PENDING", default: standard.total, range: 1...100_000)
        limits = MapSearchQueueLimits(perUser: perUser, total: total)
        rateSharePercent = try reader.integer("MAP_SEARCH_RATE_SHARE_PERCENT", default: 25, range: 1...100)
    }

    /// The worker's requests per second out of the deployment's `requestsPerSecond`.
    public func workerRequestsPerSecond(of requestsPerSecond: Double) -> Double {
        requestsPerSecond * Double(rateSharePercent) / 100
    }
}
