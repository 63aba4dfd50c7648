import Foundation
import RecordsCore
import SQLKit

/// `RecordBaselineRepository` over `record_baselines`.
struct SQLRecordBaselineRepository: RecordBaselineRepository {
    let store: SQLStore

    func baselines(mapUids: [String]) async throws -> [String: [RecordBaseline]] {
        guard !mapUids.isEmpty else { return [:] }
        let rows = try await store.rows(
            """
            SELECT map_uid, account_id, position, score, record_timestamp FROM record_baselines
            WHERE map_uid IN (\(binds: mapUids)) ORDER BY map_uid, position, account_id
            """)
        var baselines: [String: [RecordBaseline]] = [:]
        for row in rows {
            let baseline = RecordBaseline(
                mapUid: try row.string("map_uid"),
                accountId: try row.string("account_id"),
                position: try row.int("position"),
                score: try row.int("score"),
                recordTimestamp: try row.int64("record_timestamp")
            )
            baselines[baseline.mapUid, default: []].append(baseline)
        }
        return baselines
    }

    func upsert(_ baselines: [RecordBaseline], now: Date) async throws {
        guard !baselines.isEmpty else { return }
        try await store.transaction { tx in
            for baseline in baselines {
                try await tx.run(
                    """
                    INSERT INTO record_baselines (map_uid, account_id, position, score, record_timestamp, updated_at)
                    VALUES (\(bind: baseline.mapUid), \(bind: baseline.accountId), \(bind: baseline.position),
                            \(bind: baseline.score), \(bind: baseline.recordTimestamp), \(tx.time(now)))
                    ON CONFLICT (map_uid, account_id) DO UPDATE SET
                        position = excluded.position, score = excluded.score,
                        record_timestamp = excluded.record_timestamp, updated_at = excluded.updated_at
                    """)
            }
        }
    }

    func delete(mapUid: String) async throws -> Int {
        try await store.rows(
            "DELETE FROM record_baselines WHERE map_uid = \(bind: mapUid) RETURNING account_id"
        ).count
    }
}
