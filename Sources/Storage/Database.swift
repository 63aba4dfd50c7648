import Foundation
import Logging
import PostgresNIO
import RecordsCore

/// The storage entry point of the composition root: one database (PostgreSQL or the embedded SQLite
/// file), its connection pool and every repository over it.
public struct Database: Sendable {
    /// Which database backs the repositories.
    public let kind: StoreKind
    /// Every repository, over this database.
    public let repositories: Repositories

    let store: SQLStore
    private let postgresClient: PostgresClient?
    private let watchdog: LeaseWatchdog?

    private init(store: SQLStore, locks: any NamedLock, postgresClient: PostgresClient?, watchdog: LeaseWatchdog?) {
        self.kind = store.kind
        self.store = store
        self.postgresClient = postgresClient
        self.watchdog = watchdog
        self.repositories = Repositories(
            users: SQLUserRepository(store: store),
            sessions: SQLSessionRepository(store: store),
            adminConfig: SQLAdminConfigRepository(store: store),
            rateLimits: SQLRateLimitRepository(store: store),
            apiTokens: SQLAPITokenRepository(store: store),
            displayNames: SQLDisplayNameRepository(store: store),
            alerts: SQLAlertRepository(store: store),
            driverNotifications: SQLDriverNotificationRepository(store: store),
            mapPositions: SQLMapPositionRepository(store: store),
            recordBaselines: SQLRecordBaselineRepository(store: store),
            notificationHistory: SQLNotificationHistoryRepository(store: store),
            feedback: SQLFeedbackRepository(store: store),
            dailyDigests: SQLDailyDigestRepository(store: store),
            dailyRuns: SQLDailyRunRepository(store: store),
            mapSearchJobs: SQLMapSearchJobRepository(store: store),
            reports: SQLReportRepository(store: store),
            pushDeliveries: SQLPushDeliveryRepository(store: store),
            locks: locks,
            preferences: SQLPreferenceRepository(store: store),
            pushChannels: SQLPushChannelRepository(store: store),
            selfHelp: SQLSelfHelpRepository(store: store),
            news: SQLNewsRepository(store: store),
            watchLeases: SQLWatchLeaseRepository(store: store)
        )
    }

    /// The database the server's configuration asks for: PostgreSQL when `url` (from `NEON_DB_CONNECTION_STRING`
    /// or `DATABASE_URL`) is set and not empty, otherwise the embedded SQLite file at `sqlitePath`.
    /// - Parameters:
    ///   - url: The PostgreSQL connection URL, or `nil`.
    ///   - sqlitePath: The embedded default's file, `var/recordsw.sqlite` under the working directory.
    ///   - logger: The storage logger.
    /// - Throws: When the URL cannot be understood or the SQLite file cannot be opened.
    public static func open(
        url: String?, sqlitePath: String = "var/recordsw.sqlite", logger: Logger
    ) async throws -> Database {
        if let url, !url.trimmingCharacters(in: .whitespaces).isEmpty {
            return try postgres(url: url.trimmingCharacters(in: .whitespaces), logger: logger)
        }
        return try await sqlite(path: sqlitePath, logger: logger)
    }

    /// Opens (creating it and its parent directory if needed) a SQLite database file.
    ///
    /// Used by the server's embedded default and by every fixture run (a fresh temp file each).
    /// - Parameters:
    ///   - path: The database file.
    ///   - logger: The storage logger.
    /// - Throws: When the directory or file cannot be created or opened.
    public static func sqlite(path: String, logger: Logger) async throws -> Database {
        try createOwnerOnly(path: path)
        let executor = try await SQLiteExecutor.open(path: path, logger: logger.forLibraries)
        let store = SQLStore(executor: executor, logger: logger)
        return Database(store: store, locks: FileLock(databasePath: path), postgresClient: nil, watchdog: nil)
    }

    /// Creates the database file and its directory, when missing, readable and writable by the owner
    /// only (the file holds password hashes, sessions and emails). SQLite gives its `-wal` and `-shm`
    /// files the database file's permissions. Existing files and folders keep theirs.
    static func createOwnerOnly(path: String) throws {
        let files = FileManager.default
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !files.fileExists(atPath: directory.path) {
            try files.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    /// The default of `statementTimeout` in ``postgres(url:logger:leaseTimeout:statementTimeout:preparedStatements:metrics:)``:
    /// with the 5 s lease wait, a database call ends within 15 s (plus the watchdog's 100 ms tick).
    public static let defaultStatementTimeout: Duration = .seconds(10)

    /// Prepares a PostgreSQL connection pool from a URL such as `postgres://user:pass@host:port/db?sslmode=require`.
    ///
    /// Nothing connects until ``run()`` runs and a query needs a connection.
    /// - Parameters:
    ///   - url: The connection URL (`sslmode` as documented in `docs/data.md`).
    ///   - logger: The storage logger.
    ///   - leaseTimeout: How long a request waits for a connection before it fails with
    ///     `StoreError.unavailable`.
    ///   - statementTimeout: How long a leased connection may be used (one statement, or one
    ///     transaction) before the caller fails with `StoreError.unavailable` and the connection is
    ///     closed (`PG_STATEMENT_TIMEOUT_SECONDS`). Migrations are not bounded.
    ///   - preparedStatements: Whether the hottest queries (the session lookup of every
    ///     authenticated request) run as named prepared statements, planned once per connection.
    ///     Off for a transaction pooler that cannot carry prepared statements across transactions.
    ///   - metrics: Counts connection leases and lease timeouts.
    /// - Throws: When the URL cannot be understood.
    public static func postgres(
        url: String, logger: Logger, leaseTimeout: Duration = .seconds(5),
        statementTimeout: Duration = defaultStatementTimeout, preparedStatements: Bool = true,
        metrics: RecordsMetrics = .disabled
    ) throws -> Database {
        let configuration = try PostgresURL.configuration(from: url)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger.forLibraries)
        let executor = PostgresExecutor(
            client: client, logger: logger.forLibraries, leaseTimeout: leaseTimeout, watchdog: LeaseWatchdog(),
            statementTimeout: statementTimeout, preparedStatements: preparedStatements, metrics: metrics)
        let store = SQLStore(executor: executor, logger: logger)
        return Database(
            store: store, locks: PostgresAdvisoryLock(executor: executor), postgresClient: client,
            watchdog: executor.watchdog)
    }

    /// Applies the original schema (if its tables are missing) and every pending migration.
    ///
    /// Safe to run twice and on a database created by the original's `init.sql`. A migration whose data
    /// check fails (e.g. duplicate usernames before the unique index) is reported in the log and left pending.
    /// - Parameter logger: Where progress and problems are reported.
    /// - Returns: The names applied, `init` first when the original schema was created.
    public func migrate(logger: Logger) async throws -> [String] {
        try await Migrator(store: store.withoutStatementDeadline).migrate(logger: logger)
    }

    /// The migrations recorded as applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await Migrator(store: store).appliedMigrations()
    }

    /// Runs the connection pool (`PostgresClient.run`) and its lease watchdog until the task is
    /// cancelled; for SQLite, waits for cancellation. Meant to run inside a `ServiceGroup` or task
    /// group, once per `Database`: PostgreSQL queries wait until it runs.
    public func run() async throws {
        if let postgresClient, let watchdog {
            await withDiscardingTaskGroup { group in
                group.addTask { await watchdog.run() }
                await postgresClient.run()
                // The pool returns when cancelled; the watchdog follows through the group's cancellation.
                group.cancelAll()
            }
        } else {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }

    /// Closes connections the process still holds (the SQLite file). Call when done (tests, LocalInvoke).
    public func shutdown() async throws {
        try await store.executor.close()
    }

    /// Runs `body` only if the named lock could be taken right away: a PostgreSQL advisory lock shared by
    /// every instance, or a file lock beside the SQLite database.
    /// - Returns: The body's result, or `nil` when someone else holds the lock.
    public func withLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await repositories.locks.withLock(name, body)
    }
}
