import Foundation

/// Prepares what inaccurate mode needs for a user's alerts: the list of their maps on Trackmania
/// Exchange (`alert_maps`, `map_count`) and a position baseline (`map_positions`) for every map
/// that has none yet.
///
/// Idempotent: maps already listed and baselines already stored are kept (a baseline belongs to the
/// map, shared by every alert covering it, so re-probing would hide another alert's pending change).
public struct InaccurateModeInitializer: Sendable {
    /// The score probed for a position: slower than any real run, so the rank is the record count plus one.
    public static let probeScore = 9_999_999

    private let alerts: any AlertRepository
    private let positions: any MapPositionRepository
    private let exchange: any ExchangeMaps
    private let leaderboards: any TrackmaniaLeaderboards

    public init(
        alerts: any AlertRepository, positions: any MapPositionRepository, exchange: any ExchangeMaps,
        leaderboards: any TrackmaniaLeaderboards
    ) {
        self.alerts = alerts
        self.positions = positions
        self.exchange = exchange
        self.leaderboards = leaderboards
    }

    /// What one initialisation did.
    public struct Outcome: Sendable, Equatable {
        public var mapCount: Int
        public var mapsAdded: Int
        public var baselinesInserted: Int
    }

    /// Lists the author's maps on every alert of the user and stores missing baselines.
    /// - Parameters:
    ///   - userId: Whose alerts.
    ///   - author: The TMX author name (the site username, as the original matched it).
    ///   - now: The time stamped on the rows.
    /// - Throws: ``TrackmaniaError`` or a store error; rows written before the failure stay (each is valid alone).
    public func initialize(userId: Int, author: String, now: Date) async throws -> Outcome {
        let maps = try await exchange.mapsByAuthor(author)
        let uids = Array(Set(maps.map(\.mapUid).filter { !$0.isEmpty })).sorted()
        var added = 0
        for alert in try await alerts.alerts(userId: userId) {
            try await alerts.setMapCount(alertId: alert.id, count: uids.count, now: now)
            added += try await alerts.addMaps(alertId: alert.id, mapUids: uids)
        }
        let known = try await positions.positions(mapUids: uids)
        let missing = uids.filter { known[$0] == nil }
        guard !missing.isEmpty else { return Outcome(mapCount: uids.count, mapsAdded: added, baselinesInserted: 0) }
        var scores: [String: Int] = [:]
        for uid in missing { scores[uid] = Self.probeScore }
        let probed = try await leaderboards.positions(scores: scores)
        let inserted = try await positions.insertBaselines(
            probed.map { (mapUid: $0.mapUid, position: $0.position, score: $0.score) }, now: now)
        return Outcome(mapCount: uids.count, mapsAdded: added, baselinesInserted: inserted)
    }
}
