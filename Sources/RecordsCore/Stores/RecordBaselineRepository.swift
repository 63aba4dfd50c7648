import Foundation

/// Per-(map, account) record baselines: the last leaderboard entries seen, so the daily run reports
/// exactly the records that changed since it last looked instead of a sliding 24-hour window.
public protocol RecordBaselineRepository: Sendable {
    /// The baselines of the given maps, keyed by map UID; maps never recorded are absent.
    func baselines(mapUids: [String]) async throws -> [String: [RecordBaseline]]

    /// Inserts or updates the given baselines (keyed by map UID and account id) in one transaction.
    func upsert(_ baselines: [RecordBaseline], now: Date) async throws

    /// Deletes every baseline of a map (e.g. the map left all alerts); returns how many went.
    func delete(mapUid: String) async throws -> Int
}
