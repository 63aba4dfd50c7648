import Foundation
import RecordsCore
import SQLKit

/// `PushDeliveryRepository` over `push_deliveries`, reading `push_channels`, `user_preferences` and
/// `digest_items`.
struct SQLPushDeliveryRepository: PushDeliveryRepository {
    let store: SQLStore

    /// The condition "item `i` is due for channel `c` at `now`" shared by the two look-ups.
    private func due(now: Date) -> SQLQueryString {
        """
        i.user_id = c.user_id AND i.created_at >= c.created_at
        AND NOT EXISTS (
            SELECT 1 FROM push_deliveries d WHERE d.channel_id = c.id AND d.item_id = i.id
            AND (d.status <> 'retry' OR d.next_attempt_at > \(store.time(now))))
        """
    }

    private static let channelColumns: SQLQueryString = """
        c.id, c.user_id, c.kind, c.target, c.access_token, c.news, c.status, c.disabled_reason, c.disabled_at,
        c.created_at
        """

    func settleInterrupted(now: Date) async throws -> Int {
        try await store.rows(
            """
            UPDATE push_deliveries SET status = 'in_doubt', updated_at = \(store.time(now)),
                last_error = 'the run stopped while this post was being sent'
            WHERE status = 'sending' RETURNING item_id
            """
        ).count
    }

    func destinationsWithDueItems(now: Date) async throws -> [PushDestination] {
        try await store.rows(
            """
            SELECT \(Self.channelColumns), COALESCE(p.time_zone, 'UTC') AS time_zone
            FROM push_channels c LEFT JOIN user_preferences p ON p.user_id = c.user_id
            WHERE c.status = 'active'
              AND EXISTS (SELECT 1 FROM digest_items i WHERE \(due(now: now)))
            ORDER BY c.id
            """
        ).map { row in
            PushDestination(channel: try Self.channel(from: row), timeZone: try row.string("time_zone"))
        }
    }

    func dueItems(channel: PushChannel, now: Date, limit: Int) async throws -> [PushPendingItem] {
        try await store.rows(
            """
            SELECT i.id, i.user_id, i.section, i.dedupe_key, i.map_uid, i.payload, i.created_at, i.delivered_at,
                   COALESCE((SELECT d.attempts FROM push_deliveries d
                             WHERE d.channel_id = c.id AND d.item_id = i.id), 0) AS attempts
            FROM push_channels c JOIN digest_items i ON \(due(now: now))
            WHERE c.id = \(bind: channel.id)
            ORDER BY i.created_at, i.id
            LIMIT \(bind: limit)
            """
        ).map { row in
            PushPendingItem(
                item: DigestItem(
                    id: try row.int("id"),
                    userId: try row.int("user_id"),
                    section: try row.value("section", as: DigestSection.self),
                    dedupeKey: try row.string("dedupe_key"),
                    mapUid: try row.optionalString("map_uid"),
                    payload: try row.string("payload"),
                    createdAt: try row.date("created_at"),
                    deliveredAt: try row.optionalDate("delivered_at")),
                attempts: try row.int("attempts"))
        }
    }

    /// One statement per post, whatever its item count (a post carries at most a few dozen items).
    func markSending(channelId: Int, itemIds: [Int], now: Date) async throws {
        guard !itemIds.isEmpty else { return }
        let rows = itemIds.map { itemId -> SQLQueryString in
            "(\(bind: channelId), \(bind: itemId), 'sending', 1, \(store.time(now)))"
        }
        try await store.run(
            """
            INSERT INTO push_deliveries (channel_id, item_id, status, attempts, updated_at)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (channel_id, item_id) DO UPDATE SET
                status = 'sending', attempts = push_deliveries.attempts + 1,
                next_attempt_at = NULL, updated_at = excluded.updated_at
            """)
    }

    func mark(
        channelId: Int, itemIds: [Int], status: PushDeliveryStatus, nextAttemptAt: Date?, reason: String?, now: Date
    ) async throws {
        guard !itemIds.isEmpty else { return }
        let next: SQLQueryString = nextAttemptAt.map { store.time($0) } ?? "NULL"
        let rows = itemIds.map { itemId -> SQLQueryString in
            """
            (\(bind: channelId), \(bind: itemId), \(bind: status.rawValue), 0, \(next), \(bind: reason), \
            \(store.time(now)))
            """
        }
        try await store.run(
            """
            INSERT INTO push_deliveries (channel_id, item_id, status, attempts, next_attempt_at, last_error, updated_at)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (channel_id, item_id) DO UPDATE SET
                status = excluded.status, next_attempt_at = excluded.next_attempt_at,
                last_error = excluded.last_error, updated_at = excluded.updated_at
            """)
    }

    func forget(channelId: Int, itemIds: [Int]) async throws {
        guard !itemIds.isEmpty else { return }
        try await store.run(
            """
            DELETE FROM push_deliveries
            WHERE channel_id = \(bind: channelId) AND item_id IN (\(binds: itemIds)) AND status <> 'sent'
            """)
    }

    func disableChannel(id: Int, reason: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE push_channels SET status = 'disabled', disabled_reason = \(bind: reason),
                disabled_at = \(store.time(now)), disabled_reported_at = NULL
            WHERE id = \(bind: id) AND status = 'active' RETURNING id
            """
        ) != nil
    }

    func deliveries(channelId: Int) async throws -> [PushDeliveryRecord] {
        try await store.rows(
            """
            SELECT channel_id, item_id, status, attempts, next_attempt_at, last_error FROM push_deliveries
            WHERE channel_id = \(bind: channelId) ORDER BY item_id
            """
        ).map { row in
            PushDeliveryRecord(
                channelId: try row.int("channel_id"), itemId: try row.int("item_id"),
                status: try row.value("status", as: PushDeliveryStatus.self), attempts: try row.int("attempts"),
                nextAttemptAt: try row.optionalDate("next_attempt_at"), lastError: try row.optionalString("last_error"))
        }
    }

    func insertChannel(
        userId: Int, kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds, now: Date
    ) async throws -> Int {
        guard
            let row = try await store.first(
                """
                INSERT INTO push_channels (user_id, kind, target, access_token, news, status, created_at)
                VALUES (\(bind: userId), \(bind: kind.rawValue), \(bind: target), \(bind: accessToken),
                        \(bind: news.rawValue), 'active', \(store.time(now)))
                RETURNING id
                """)
        else { throw StoreInvariantError(reason: "push channel insert returned no row") }
        return try row.int("id")
    }

    static func channel(from row: SQLStoreRow) throws -> PushChannel {
        PushChannel(
            id: try row.int("id"), userId: try row.int("user_id"),
            kind: try row.value("kind", as: PushChannelKind.self), target: try row.string("target"),
            accessToken: try row.optionalString("access_token"), news: NewsKinds(rawValue: try row.int("news")),
            status: try row.value("status", as: PushChannelStatus.self),
            disabledReason: try row.optionalString("disabled_reason"), disabledAt: try row.optionalDate("disabled_at"),
            createdAt: try row.date("created_at"))
    }
}
