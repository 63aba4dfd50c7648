import Foundation
import RecordsCore
import SQLKit

/// `PushChannelRepository` over `push_channels`. Every read and change a player makes is scoped to
/// their user id, so one player's channel ids mean nothing on another's page.
struct SQLPushChannelRepository: PushChannelRepository {
    let store: SQLStore

    static var columns: SQLQueryString {
        """
        id, user_id, kind, target, access_token, news, status, disabled_reason, disabled_at, created_at
        """
    }

    func channels(userId: Int) async throws -> [PushChannel] {
        try await store.rows(
            "SELECT \(Self.columns) FROM push_channels WHERE user_id = \(bind: userId) ORDER BY created_at, id"
        ).map(Self.channel(from:))
    }

    /// Serialises one user's adds on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already excludes other writers).
    private static let addLockNamespace: Int32 = 7_310_500

    func add(
        userId: Int, kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds, maxPerKind: Int,
        now: Date
    ) async throws -> PushChannel? {
        try await store.transaction { tx in
            if tx.kind == .postgres {
                try await tx.run("SELECT pg_advisory_xact_lock(\(bind: Self.addLockNamespace), \(bind: Int32(userId)))")
            }
            let others =
                try await tx.first(
                    """
                    SELECT count(*) AS n FROM push_channels
                    WHERE user_id = \(bind: userId) AND kind = \(bind: kind.rawValue) AND target <> \(bind: target)
                    """)?.int("n") ?? 0
            let exists =
                try await tx.first(
                    """
                    SELECT id FROM push_channels
                    WHERE user_id = \(bind: userId) AND kind = \(bind: kind.rawValue) AND target = \(bind: target)
                    """) != nil
            if !exists && others >= maxPerKind { return nil }
            let row = try await tx.first(
                """
                INSERT INTO push_channels (user_id, kind, target, access_token, news, status, created_at)
                VALUES (\(bind: userId), \(bind: kind.rawValue), \(bind: target), \(bind: accessToken),
                        \(bind: news.rawValue), 'active', \(tx.time(now)))
                ON CONFLICT (user_id, kind, target) DO UPDATE SET
                    access_token = excluded.access_token, news = excluded.news, status = 'active',
                    disabled_reason = NULL, disabled_at = NULL, disabled_reported_at = NULL
                RETURNING \(Self.columns)
                """)
            guard let row else { throw StoreInvariantError(reason: "push channel not returned") }
            return try Self.channel(from: row)
        }
    }

    func setNews(channelId: Int, userId: Int, news: NewsKinds) async throws -> Bool {
        try await store.first(
            """
            UPDATE push_channels SET news = \(bind: news.rawValue)
            WHERE id = \(bind: channelId) AND user_id = \(bind: userId) RETURNING id
            """) != nil
    }

    func remove(channelId: Int, userId: Int) async throws -> Bool {
        try await store.first(
            "DELETE FROM push_channels WHERE id = \(bind: channelId) AND user_id = \(bind: userId) RETURNING id"
        ) != nil
    }

    func disable(channelId: Int, reason: String, now: Date) async throws {
        try await store.run(
            """
            UPDATE push_channels SET status = 'disabled', disabled_reason = \(bind: reason),
                disabled_at = \(store.time(now)), disabled_reported_at = NULL
            WHERE id = \(bind: channelId) AND status = 'active'
            """)
    }

    func reactivate(channelId: Int, userId: Int) async throws -> Bool {
        try await store.first(
            """
            UPDATE push_channels SET status = 'active', disabled_reason = NULL, disabled_at = NULL,
                disabled_reported_at = NULL
            WHERE id = \(bind: channelId) AND user_id = \(bind: userId) RETURNING id
            """) != nil
    }

    func unreportedDisabled(userId: Int) async throws -> [PushChannel] {
        try await store.rows(
            """
            SELECT \(Self.columns) FROM push_channels
            WHERE user_id = \(bind: userId) AND status = 'disabled' AND disabled_reported_at IS NULL ORDER BY id
            """
        ).map(Self.channel(from:))
    }

    func markDisabledReported(channelIds: [Int], now: Date) async throws {
        guard !channelIds.isEmpty else { return }
        try await store.run(
            """
            UPDATE push_channels SET disabled_reported_at = \(store.time(now))
            WHERE id IN (\(binds: channelIds)) AND status = 'disabled' AND disabled_reported_at IS NULL
            """)
    }

    static func channel(from row: SQLStoreRow) throws -> PushChannel {
        PushChannel(
            id: try row.int("id"), userId: try row.int("user_id"),
            kind: try row.value("kind", as: PushChannelKind.self), target: try row.string("target"),
            accessToken: try row.optionalString("access_token"),
            news: NewsKinds(rawValue: try row.int("news")).intersection(.all),
            status: try row.value("status", as: PushChannelStatus.self),
            disabledReason: try row.optionalString("disabled_reason"), disabledAt: try row.optionalDate("disabled_at"),
            createdAt: try row.date("created_at"))
    }
}
