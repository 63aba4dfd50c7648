import Foundation
import RecordsCore
import SQLKit

/// `DailyRunRepository` over `daily_runs`.
struct SQLDailyRunRepository: DailyRunRepository {
    let store: SQLStore

    private var columns: SQLQueryString {
        "id, \(store.dayColumn("run_date")) AS run_day, status, started_at, finished_at, summary"
    }

    func start(day: String, now: Date) async throws -> DailyRun {
        let row = try await store.first(
            """
            INSERT INTO daily_runs (run_date, status, started_at)
            VALUES (\(store.day(day)), 'running', \(store.time(now)))
            RETURNING \(columns)
            """)
        guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
        return try Self.run(from: row)
    }

    func finish(id: Int, status: DailyRunStatus, summary: String?, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE daily_runs SET status = \(bind: status.rawValue), summary = \(bind: summary),
                finished_at = \(store.time(now))
            WHERE id = \(bind: id) RETURNING id
            """
        ) != nil
    }

    func latest(day: String) async throws -> DailyRun? {
        try await store.first(
            """
            SELECT \(columns) FROM daily_runs WHERE run_date = \(store.day(day))
            ORDER BY started_at DESC, id DESC LIMIT 1
            """
        ).map(Self.run(from:))
    }

    func recent(limit: Int) async throws -> [DailyRun] {
        try await store.rows(
            "SELECT \(columns) FROM daily_runs ORDER BY started_at DESC, id DESC LIMIT \(bind: limit)"
        ).map(Self.run(from:))
    }

    func run(id: Int) async throws -> DailyRun? {
        try await store.first("SELECT \(columns) FROM daily_runs WHERE id = \(bind: id)").map(Self.run(from:))
    }

    func running() async throws -> DailyRun? {
        try await store.first(
            "SELECT \(columns) FROM daily_runs WHERE status = 'running' ORDER BY started_at DESC, id DESC LIMIT 1"
        ).map(Self.run(from:))
    }

    func updateSummary(id: Int, summary: String) async throws -> Bool {
        try await store.first(
            "UPDATE daily_runs SET summary = \(bind: summary) WHERE id = \(bind: id) RETURNING id"
        ) != nil
    }

    func abandonRunning(now: Date) async throws -> [DailyRun] {
        try await store.transaction { tx in
            let runs = try await tx.rows(
                """
                SELECT id, \(tx.dayColumn("run_date")) AS run_day, status, started_at, finished_at, summary
                FROM daily_runs WHERE status = 'running' ORDER BY started_at, id
                """
            ).map(Self.run(from:))
            if !runs.isEmpty {
                try await tx.run(
                    """
                    UPDATE daily_runs SET status = 'failed', finished_at = \(tx.time(now))
                    WHERE id IN (\(binds: runs.map(\.id)))
                    """)
            }
            return runs
        }
    }

    static func run(from row: SQLStoreRow) throws -> DailyRun {
        DailyRun(
            id: try row.int("id"),
            runDate: try row.string("run_day"),
            status: try row.value("status", as: DailyRunStatus.self),
            startedAt: try row.date("started_at"),
            finishedAt: try row.optionalDate("finished_at"),
            summary: try row.optionalString("summary")
        )
    }
}
