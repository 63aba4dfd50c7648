import Foundation
import RecordsCore
import SQLKit

/// `DailyDigestRepository` over `daily_emails` and `digest_items`.
struct SQLDailyDigestRepository: DailyDigestRepository {
    let store: SQLStore

    private var emailColumns: SQLQueryString {
        """
        username, email, \(store.dayColumn("date")) AS day, mapper_content, driver_content, status, \
        created_at, updated_at
        """
    }

    func saveMapperContent(username: String, email: String, day: String, content: String, now: Date) async throws {
        try await save(column: "mapper_content", username: username, email: email, day: day, content: content, now: now)
    }

    func saveDriverContent(username: String, email: String, day: String, content: String, now: Date) async throws {
        try await save(column: "driver_content", username: username, email: email, day: day, content: content, now: now)
    }

    /// One upsert, so two writers of the same row cannot race (contract §9 #51).
    private func save(
        column: String, username: String, email: String, day: String, content: String, now: Date
    ) async throws {
        let millis = Timestamps.epochMilliseconds(now)
        try await store.run(
            """
            INSERT INTO daily_emails (username, email, date, \(unsafeRaw: column), status, created_at, updated_at)
            VALUES (\(bind: username), \(bind: email), \(store.day(day)), \(bind: content), 'pending',
                    \(bind: millis), \(bind: millis))
            ON CONFLICT (username, date) DO UPDATE SET
                email = excluded.email,
                \(unsafeRaw: column) = excluded.\(unsafeRaw: column),
                updated_at = excluded.updated_at
            """)
    }

    func email(username: String, day: String) async throws -> DailyEmail? {
        try await store.first(
            """
            SELECT \(emailColumns) FROM daily_emails WHERE username = \(bind: username) AND date = \(store.day(day))
            """
        ).map(Self.email(from:))
    }

    func pendingEmails(day: String) async throws -> [DailyEmail] {
        try await store.rows(
            """
            SELECT \(emailColumns) FROM daily_emails
            WHERE date = \(store.day(day)) AND status = 'pending' ORDER BY username
            """
        ).map(Self.email(from:))
    }

    func markSent(username: String, day: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE daily_emails SET status = 'sent', updated_at = \(bind: Timestamps.epochMilliseconds(now))
            WHERE username = \(bind: username) AND date = \(store.day(day)) AND status = 'pending'
            RETURNING username
            """
        ) != nil
    }

    func enqueue(_ items: [NewDigestItem], now: Date) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        return try await store.transaction { tx in
            var inserted = 0
            for item in items {
                let row = try await tx.first(
                    """
                    INSERT INTO digest_items (user_id, section, dedupe_key, map_uid, payload, created_at, recorded_at)
                    VALUES (\(bind: item.userId), \(bind: item.section.rawValue), \(bind: item.dedupeKey),
                            \(bind: item.mapUid), \(bind: item.payload), \(tx.time(now)),
                            \(item.recordedAt.map { tx.time($0) } ?? "NULL"))
                    ON CONFLICT (user_id, section, dedupe_key) DO NOTHING RETURNING id
                    """)
                if row != nil { inserted += 1 }
            }
            return inserted
        }
    }

    func pendingItems(userId: Int) async throws -> [DigestItem] {
        try await store.rows(
            """
            SELECT id, user_id, section, dedupe_key, map_uid, payload, created_at, delivered_at FROM digest_items
            WHERE user_id = \(bind: userId) AND delivered_at IS NULL ORDER BY created_at, id
            """
        ).map { row in
            DigestItem(
                id: try row.int("id"),
                userId: try row.int("user_id"),
                section: try row.value("section", as: DigestSection.self),
                dedupeKey: try row.string("dedupe_key"),
                mapUid: try row.optionalString("map_uid"),
                payload: try row.string("payload"),
                createdAt: try row.date("created_at"),
                deliveredAt: try row.optionalDate("delivered_at")
            )
        }
    }

    func markDelivered(ids: [Int], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await store.run(
            """
            UPDATE digest_items SET delivered_at = \(store.time(now))
            WHERE id IN (\(binds: ids)) AND delivered_at IS NULL
            """)
    }

    func commitMapCheck(mapUid: String, baselines: [RecordBaseline], items: [NewDigestItem], now: Date) async throws
        -> Int
    {
        // Most reads change nothing: then the check's time is the only write, one statement needing no
        // transaction (two round trips fewer per read for the live watcher).
        if baselines.isEmpty && items.isEmpty {
            try await store.run(Self.markChecked(mapUid, at: store.time(now)))
            return 0
        }
        return try await store.transaction { tx in
            for baseline in baselines {
                try await tx.run(
                    """
                    INSERT INTO record_baselines (map_uid, account_id, position, score, record_timestamp, updated_at)
                    VALUES (\(bind: mapUid), \(bind: baseline.accountId), \(bind: baseline.position),
                            \(bind: baseline.score), \(bind: baseline.recordTimestamp), \(tx.time(now)))
                    ON CONFLICT (map_uid, account_id) DO UPDATE SET
                        position = excluded.position, score = excluded.score,
                        record_timestamp = excluded.record_timestamp, updated_at = excluded.updated_at
                    """)
            }
            try await tx.run(Self.markChecked(mapUid, at: tx.time(now)))
            return try await Self.insert(items, tx: tx, now: now)
        }
    }

    /// Records when a map was last checked (`map_checks`).
    private static func markChecked(_ mapUid: String, at time: SQLQueryString) -> SQLQueryString {
        """
        INSERT INTO map_checks (map_uid, checked_at) VALUES (\(bind: mapUid), \(time))
        ON CONFLICT (map_uid) DO UPDATE SET checked_at = excluded.checked_at
        """
    }

    func lastChecks(mapUids: [String]) async throws -> [String: Date] {
        guard !mapUids.isEmpty else { return [:] }
        var checks: [String: Date] = [:]
        for row in try await store.rows(
            "SELECT map_uid, checked_at FROM map_checks WHERE map_uid IN (\(binds: mapUids))")
        {
            checks[try row.string("map_uid")] = try row.date("checked_at")
        }
        return checks
    }

    func commitDriverCheck(
        notificationId: Int, position: Int, personalBest: Int, status: DriverNotificationStatus,
        items: [NewDigestItem], now: Date
    ) async throws -> Bool {
        try await store.transaction { tx in
            let updated = try await tx.first(
                """
                UPDATE driver_notifications SET current_position = \(bind: position),
                    personal_best = \(bind: personalBest), status = \(bind: status.rawValue),
                    updated_at = \(tx.time(now)), last_checked = \(tx.time(now))
                WHERE id = \(bind: notificationId) RETURNING id
                """)
            guard updated != nil else { return false }
            _ = try await Self.insert(items, tx: tx, now: now)
            return true
        }
    }

    func usersWithPendingItems() async throws -> [Int] {
        try await store.rows(
            "SELECT DISTINCT user_id FROM digest_items WHERE delivered_at IS NULL ORDER BY user_id"
        ).map { try $0.int("user_id") }
    }

    func recordDelivery(
        itemIds: [Int], username: String, email: String, day: String, mapperContent: String, driverContent: String,
        now: Date
    ) async throws {
        let millis = Timestamps.epochMilliseconds(now)
        try await store.transaction { tx in
            if !itemIds.isEmpty {
                try await tx.run(
                    """
                    UPDATE digest_items SET delivered_at = \(tx.time(now))
                    WHERE id IN (\(binds: itemIds)) AND delivered_at IS NULL
                    """)
            }
            try await tx.run(
                """
                INSERT INTO daily_emails (username, email, date, mapper_content, driver_content, status,
                                          created_at, updated_at)
                VALUES (\(bind: username), \(bind: email), \(tx.day(day)), \(bind: mapperContent),
                        \(bind: driverContent), 'sent', \(bind: millis), \(bind: millis))
                ON CONFLICT (username, date) DO UPDATE SET
                    email = excluded.email, mapper_content = excluded.mapper_content,
                    driver_content = excluded.driver_content, status = 'sent', updated_at = excluded.updated_at
                """)
        }
    }

    /// Queues items inside a transaction, skipping known `(user, section, dedupe key)`s.
    private static func insert(_ items: [NewDigestItem], tx: SQLTransaction, now: Date) async throws -> Int {
        var inserted = 0
        for item in items {
            let row = try await tx.first(
                """
                INSERT INTO digest_items (user_id, section, dedupe_key, map_uid, payload, created_at, recorded_at)
                VALUES (\(bind: item.userId), \(bind: item.section.rawValue), \(bind: item.dedupeKey),
                        \(bind: item.mapUid), \(bind: item.payload), \(tx.time(now)),
                        \(item.recordedAt.map { tx.time($0) } ?? "NULL"))
                ON CONFLICT (user_id, section, dedupe_key) DO NOTHING RETURNING id
                """)
            if row != nil { inserted += 1 }
        }
        return inserted
    }

    static func email(from row: SQLStoreRow) throws -> DailyEmail {
        DailyEmail(
            username: try row.string("username"),
            email: try row.string("email"),
            date: try row.string("day"),
            mapperContent: try row.optionalString("mapper_content") ?? "",
            driverContent: try row.optionalString("driver_content") ?? "",
            status: try row.value("status", as: DailyEmailStatus.self),
            createdAtMillis: try row.int64("created_at"),
            updatedAtMillis: try row.int64("updated_at")
        )
    }
}
