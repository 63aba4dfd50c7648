import Foundation
import RecordsCore
import SQLKit

/// `MapPositionRepository` over `map_positions`.
struct SQLMapPositionRepository: MapPositionRepository {
    let store: SQLStore

    func positions(mapUids: [String]) async throws -> [String: MapPosition] {
        guard !mapUids.isEmpty else { return [:] }
        let rows = try await store.rows(
            """
            SELECT map_uid, position, score, last_checked, created_at, updated_at FROM map_positions
            WHERE map_uid IN (\(binds: mapUids))
            """)
        let epoch = Date(timeIntervalSince1970: 0)
        var positions: [String: MapPosition] = [:]
        for row in rows {
            let position = MapPosition(
                mapUid: try row.string("map_uid"),
                position: try row.int("position"),
                score: try row.int("score"),
                lastChecked: try row.optionalDate("last_checked") ?? epoch,
                createdAt: try row.optionalDate("created_at") ?? epoch,
                updatedAt: try row.optionalDate("updated_at") ?? epoch
            )
            positions[position.mapUid] = position
        }
        return positions
    }

    func insertBaselines(_ baselines: [(mapUid: String, position: Int, score: Int)], now: Date) async throws -> Int {
        guard !baselines.isEmpty else { return 0 }
        let values = baselines.map { ($0.mapUid, $0.position, $0.score) }
        return try await store.transaction { tx in
            var inserted = 0
            for (mapUid, position, score) in values {
                // Several alerts and jobs share a map; the first baseline wins (contract §9 #45).
                let row = try await tx.first(
                    """
                    INSERT INTO map_positions (map_uid, position, score, last_checked, created_at, updated_at)
                    VALUES (\(bind: mapUid), \(bind: position), \(bind: score), \(tx.time(now)), \(tx.time(now)),
                            \(tx.time(now)))
                    ON CONFLICT (map_uid) DO NOTHING RETURNING map_uid
                    """)
                if row != nil { inserted += 1 }
            }
            return inserted
        }
    }

    func update(mapUid: String, position: Int, score: Int, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE map_positions SET position = \(bind: position), score = \(bind: score),
                last_checked = \(store.time(now)), updated_at = \(store.time(now))
            WHERE map_uid = \(bind: mapUid) RETURNING map_uid
            """
        ) != nil
    }
}
