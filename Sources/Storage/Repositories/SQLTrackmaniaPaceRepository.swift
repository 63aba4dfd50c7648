import Foundation
import RecordsCore
import SQLKit

/// `TrackmaniaPaceRepository` over `trackmania_pace`: one upsert per reservation, so the row lock
/// serialises concurrent reservations from every instance and each gets its own slot.
struct SQLTrackmaniaPaceRepository: TrackmaniaPaceRepository {
    let store: SQLStore

    /// The database's clock in epoch milliseconds, constant within one statement (PostgreSQL's
    /// `statement_timestamp()`, SQLite's `'now'` is fixed per step), so every use below agrees.
    private var nowMillis: SQLQueryString {
        store.kind == .postgres
            ? "(extract(epoch FROM statement_timestamp()) * 1000)::bigint"
            : "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
    }

    private var greatest: SQLQueryString { store.kind == .postgres ? "GREATEST" : "max" }

    func reserveSlots(lane: String, interval: Duration, count: Int) async throws -> Duration {
        // The ledger counts whole milliseconds: rounding the block's span up keeps the next block clear of
        // this one's last slot (rounding down would let the pace run a few percent fast at high rates).
        let span = Self.millisecondsRoundedUp(interval * max(1, count))
        let row = try await store.first(
            """
            INSERT INTO trackmania_pace (lane, next_slot_ms) VALUES (\(bind: lane), \(nowMillis) + \(bind: span))
            ON CONFLICT (lane) DO UPDATE
                SET next_slot_ms = \(greatest)(trackmania_pace.next_slot_ms, \(nowMillis)) + \(bind: span)
            RETURNING next_slot_ms - \(bind: span) - \(nowMillis) AS wait_ms
            """)
        let wait = try row?.int64("wait_ms") ?? 0
        return .milliseconds(max(0, wait))
    }

    func pause(lane: String, for delay: Duration) async throws {
        let until = Self.milliseconds(delay)
        try await store.run(
            """
            INSERT INTO trackmania_pace (lane, next_slot_ms) VALUES (\(bind: lane), \(nowMillis) + \(bind: until))
            ON CONFLICT (lane) DO UPDATE
                SET next_slot_ms = \(greatest)(trackmania_pace.next_slot_ms, \(nowMillis) + \(bind: until))
            """)
    }

    static func millisecondsRoundedUp(_ duration: Duration) -> Int64 {
        let parts = duration.components
        let whole = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        return parts.attoseconds % 1_000_000_000_000_000 > 0 ? whole + 1 : whole
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}

extension Database {
    /// Send slots for Trackmania traffic shared by every instance on this database (see
    /// ``TrackmaniaPaceRepository``); the composition root uses it with PostgreSQL.
    public var trackmaniaPace: any TrackmaniaPaceRepository { SQLTrackmaniaPaceRepository(store: store) }
}
