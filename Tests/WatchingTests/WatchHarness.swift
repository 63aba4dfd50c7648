import Foundation
import Logging
import RecordsCore
import Storage
import StoreTestSupport
import Testing

typealias Backend = StoreTestSupport.Backend

/// A real store (SQLite or PostgreSQL), the stub Nadeo, and helpers to start and stop watchers.
struct WatchHarness: Sendable {
    let databases: [Database]
    let nadeo: StubNadeo
    var database: Database { databases[0] }
    var repositories: Repositories { database.repositories }

    static let logger: Logger = {
        var logger = Logger(label: "recordsw.watching.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Quick settings: a 60 s floor (so the shortest interval is 42 ms) and a high rate.
    static let settings = WatchSettings(
        rate: 40, maxStaleness: 60, scheduler: .sqrt, concurrency: 4, refreshInterval: 0.2, pushInterval: 0.2)

    static func with(
        _ backend: Backend, instances: Int = 1, _ body: @escaping @Sendable (WatchHarness) async throws -> Void
    ) async throws {
        try await TestStores.with(backend, instances: instances, logger: logger) { databases in
            try await body(WatchHarness(databases: databases, nadeo: StubNadeo()))
        }
    }

    var now: Int { Int(Date().timeIntervalSince1970) }

    func user(_ name: String, accountIndex: Int? = nil) async throws -> User {
        let outcome = try await repositories.users.register(
            NewUser(username: name, email: "\(name.lowercased())@example.com", passwordHash: "hash"),
            maxUsers: 10_000, now: Date())
        guard case .created(let user) = outcome else { throw HarnessError.setup }
        if let accountIndex {
            _ = try await repositories.users.setTrackmaniaIdentity(
                userId: user.id, tmUsername: name, accountId: StubNadeo.account(accountIndex))
        }
        return user
    }

    /// A mapper alert of `user` watching `maps`.
    func alert(_ user: User, maps: [String], filter: RecordFilter = .all) async throws {
        let alert = try await repositories.alerts.create(
            NewAlert(userId: user.id, username: user.username ?? "", email: user.email, recordFilter: filter),
            now: Date())
        _ = try await repositories.alerts.addMaps(alertId: alert.id, mapUids: maps)
    }

    /// The daily runner the watcher takes its settings and push from.
    func runner(push: (any PushTransport)? = nil, instance: Int = 0) -> DailyRunner {
        DailyRunner(
            repositories: databases[instance].repositories,
            services: DailyRunner.Services(
                leaderboards: nadeo, directory: nadeo, exchange: nadeo, mailer: NoMail(), push: push),
            settings: DailyRunSettings(fetchConcurrency: 2), preferenceLinks: nil, clock: SystemClock(),
            logger: Self.logger)
    }

    func watcher(
        settings: WatchSettings = WatchHarness.settings, push: (any PushTransport)? = nil, instance: Int = 0,
        pace: any UpstreamPace = CountingPace()
    ) -> LiveWatcher {
        LiveWatcher(
            deps: LiveWatcher.Dependencies(
                repositories: databases[instance].repositories, leaderboards: nadeo, pace: pace,
                runner: runner(push: push, instance: instance), clock: SystemClock(), logger: Self.logger,
                metrics: .disabled),
            settings: settings)
    }

    /// Runs `watcher` in the background until the returned task is cancelled.
    func start(_ watcher: LiveWatcher) -> Task<Void, Never> {
        Task { await watcher.run() }
    }

    /// Stops a watcher and waits for it.
    func stop(_ task: Task<Void, Never>) async {
        task.cancel()
        await task.value
    }

    /// The user's news, newest first.
    func news(_ user: User) async throws -> [StoredNews] {
        try await repositories.news.news(userId: user.id, since: nil, beforeId: nil, limit: 1000)
    }

    /// Waits until `condition` holds (polling), failing the test after `timeout`.
    ///
    /// The default is a liveness bound, not a speed claim: a full `swift test` on a loaded 2-core CI
    /// machine once took over 15 s for 60 reads a 10-per-second watcher does in 6 s alone.
    func eventually(
        _ what: String, timeout: Double = 120, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: @Sendable () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting: \(what)", sourceLocation: sourceLocation)
        throw HarnessError.timeout
    }

    /// Whether every map has a committed check.
    func checked(_ maps: [String]) async throws -> Bool {
        try await repositories.dailyDigests.lastChecks(mapUids: maps).count == maps.count
    }
}

enum HarnessError: Error {
    case setup
    case timeout
}
