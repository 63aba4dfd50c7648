import Foundation

/// Reads and writes `map_positions`, the inaccurate-mode probe results shared by all alerts.
public protocol MapPositionRepository: Sendable {
    /// The stored positions of the given maps, keyed by map UID; unknown maps are absent.
    func positions(mapUids: [String]) async throws -> [String: MapPosition]

    /// Inserts baselines for maps that have none (existing rows are kept); returns how many were inserted.
    func insertBaselines(_ baselines: [(mapUid: String, position: Int, score: Int)], now: Date) async throws -> Int

    /// Stores a new probe result. Returns `false` when the map has no row.
    func update(mapUid: String, position: Int, score: Int, now: Date) async throws -> Bool
}
