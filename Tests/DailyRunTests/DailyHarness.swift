import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import NIOCore
import RecordsCore
import Storage
import Testing
import TrackmaniaAPI

/// The world the daily-run tests start from.
///
/// - `MapperA` (TMX 1) authored `A1` ("Alpha <One>", one fresh WR among old records), `A2` ("Beta & Co",
///   co-authored with `CoMapper`, old records with the driver third) and `POP` (empty).
/// - `CoMapper` (TMX 2) co-authored `A2`.
/// - `BigAuthor` (TMX 3) authored 120 maps `BIG0`…`BIG119`, one old record each.
/// - 200 accounts `Player0`…`Player199` (France); `Player150` is the driver `dan`.
enum DailyWorld {
    static let driver = 150

    static func account(_ index: Int) -> String {
        "00000000-0000-4000-9000-\(String(format: "%012d", index))"
    }

    static func name(_ index: Int) -> String { "Player\(index)" }

    static func map(_ uid: String, id: Int, name: String, authors: [Int]) -> FakeWorld.Map {
        FakeWorld.Map(
            uid: uid, exchangeId: id, nadeoId: "nadeo-\(uid)", name: name, authorUserIds: authors,
            authorAccountId: account(0), uploadedAt: "2025-06-01T12:00:00Z", downloadCount: id, authorTime: 30_000)
    }

    static func world(now: Int) -> FakeWorld {
        let day = 86_400
        var maps = [
            map("A1", id: 10, name: "Alpha <One>", authors: [1]),
            map("A2", id: 11, name: "Beta & Co", authors: [1, 2]),
            map("POP", id: 12, name: "Popular", authors: [1]),
        ]
        maps += (0..<120).map { map("BIG\($0)", id: 1000 + $0, name: "Big \($0)", authors: [3]) }
        var records: [FakeWorld.Record] = (0..<10).map {
            // Player0's WR is an hour old: the first check reports it; the others are ten days old.
            FakeWorld.Record(
                mapUid: "A1", accountId: account($0), score: 30_000 + $0 * 100,
                timestamp: $0 == 0 ? now - 3600 : now - 10 * day)
        }
        records += [
            FakeWorld.Record(mapUid: "A2", accountId: account(10), score: 40_000, timestamp: now - 5 * day),
            FakeWorld.Record(mapUid: "A2", accountId: account(11), score: 40_100, timestamp: now - 5 * day),
            FakeWorld.Record(mapUid: "A2", accountId: account(driver), score: 40_200, timestamp: now - 5 * day),
            FakeWorld.Record(mapUid: "A2", accountId: account(12), score: 40_300, timestamp: now - 5 * day),
            FakeWorld.Record(mapUid: "A2", accountId: account(13), score: 40_400, timestamp: now - 5 * day),
        ]
        records += (0..<120).map {
            FakeWorld.Record(mapUid: "BIG\($0)", accountId: account(20), score: 50_000, timestamp: now - 3 * day)
        }
        return FakeWorld(
            accounts: (0..<200).map {
                FakeWorld.Account(accountId: account($0), displayName: name($0), zoneId: "zone-fr", zoneName: "France")
            },
            exchangeUsers: [
                FakeWorld.ExchangeUser(userId: 1, name: "MapperA"),
                FakeWorld.ExchangeUser(userId: 2, name: "CoMapper"),
                FakeWorld.ExchangeUser(userId: 3, name: "BigAuthor"),
            ],
            maps: maps, records: records)
    }
}

/// A fake Trackmania service over HTTP, a real store, a recording mailer and a hand-moved clock.
struct DailyHarness: Sendable {
    let fake: RunningFakeTrackmania
    let databases: [Database]
    let services: TrackmaniaServices
    let mailer: RecordingMailer
    let clock: ManualClock
    let configuration: TrackmaniaConfiguration

    var database: Database { databases[0] }
    var repositories: Repositories { database.repositories }

    static let settings = DailyRunSettings(maxNewRecordsPerMap: 20, fetchConcurrency: 1)

    /// Runs `body` with the world above, the users of ``seed()`` and `instances` store handles.
    static func with(
        _ backend: Backend, instances: Int = 1, start: Date = Date(),
        configure: @escaping @Sendable (inout TrackmaniaConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (DailyHarness) async throws -> Void
    ) async throws {
        try await DailyStores.with(backend, instances: instances) { databases in
            let clock = ManualClock(start)
            var logger = Logger(label: "fake-tm-daily")
            logger.logLevel = .warning
            // The fake mints and checks tokens on the test's clock too: days pass between runs without
            // the clients taking every token for expired.
            let fake = try await FakeTrackmaniaServer.start(
                world: DailyWorld.world(now: clock.seconds), logger: logger, tokenClock: clock)
            var configuration = TrackmaniaConfiguration.pointingAt(
                fakeBaseURL: fake.baseURL, userAgent: "recordsw-daily-tests/1.0 (tests@example.com)")
            configuration.requestsPerSecond = 10_000
            configuration.maxConcurrentRequests = 8
            configuration.requestTimeout = .seconds(10)
            configuration.maxAttempts = 2
            configuration.retryBaseDelay = .milliseconds(10)
            configuration.maxRetryAfter = .seconds(1)
            configuration.tokenExpiryMargin = .zero
            configure(&configuration)
            let services = TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: databases[0].repositories.apiTokens,
                displayNames: databases[0].repositories.displayNames, clock: clock, logger: logger)
            let harness = DailyHarness(
                fake: fake, databases: databases, services: services, mailer: RecordingMailer(), clock: clock,
                configuration: configuration)
            do {
                try await harness.seed()
                try await body(harness)
            } catch {
                await fake.stop()
                throw error
            }
            await fake.stop()
        }
    }

    /// Site users: `MapperA` (filter all), `CoMapper` (top5), `BigAuthor` (top5, accurate until the
    /// run sees its 120 maps) and the driver `dan` watching `A2` at #3.
    func seed() async throws {
        let now = clock.now
        for (name, filter) in [("MapperA", RecordFilter.all), ("CoMapper", .top5), ("BigAuthor", .top5)] {
            let user = try await makeUser(name)
            _ = try await repositories.alerts.create(
                NewAlert(userId: user.id, username: name, email: user.email, recordFilter: filter), now: now)
        }
        let dan = try await makeUser("dan")
        _ = try await repositories.users.setTrackmaniaIdentity(
            userId: dan.id, tmUsername: DailyWorld.name(DailyWorld.driver),
            accountId: DailyWorld.account(DailyWorld.driver))
        _ = try await repositories.driverNotifications.create(
            NewDriverNotification(
                userId: dan.id, mapUid: "A2", mapName: "Beta & Co", position: 3, personalBest: 40_200),
            now: now)
    }

    func makeUser(_ name: String) async throws -> User {
        let outcome = try await repositories.users.register(
            NewUser(username: name, email: "\(name.lowercased())@example.com", passwordHash: "hash"), maxUsers: 10_000,
            now: clock.now)
        guard case .created(let user) = outcome else { throw SimulatedCrash() }
        return user
    }

    /// The run over store handle `instance`, with an optional crash point; `mailer` replaces the
    /// recording mailer (e.g. the SMTP mailer against a receiver on loopback).
    func coordinator(
        instance: Int = 0, settings: DailyRunSettings = DailyHarness.settings, mailer: (any MailSender)? = nil,
        push: (any PushTransport)? = nil, preferenceLinks: PreferenceLinks? = nil,
        checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in }
    ) -> DailyRunCoordinator {
        let repos = databases[instance].repositories
        var logger = Logger(label: "daily-run-test")
        logger.logLevel = .critical
        let runner = DailyRunner(
            repositories: repos,
            services: DailyRunner.Services(
                leaderboards: services.leaderboards, directory: services.directory, exchange: services.exchange,
                mailer: mailer ?? self.mailer, push: push),
            settings: settings, preferenceLinks: preferenceLinks, clock: clock, logger: logger, checkpoint: checkpoint)
        return DailyRunCoordinator(runner: runner, runs: repos.dailyRuns, locks: repos.locks, metrics: .disabled)
    }

    /// Runs once to the end and returns the report.
    @discardableResult
    func run(
        settings: DailyRunSettings = DailyHarness.settings, push: (any PushTransport)? = nil,
        preferenceLinks: PreferenceLinks? = nil,
        checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in },
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> DailyRunReport {
        let outcome = try await coordinator(
            settings: settings, push: push, preferenceLinks: preferenceLinks, checkpoint: checkpoint
        ).runNow()
        guard case .finished(let report) = outcome else {
            Issue.record("run did not finish: \(outcome)", sourceLocation: sourceLocation)
            throw SimulatedCrash()
        }
        return report
    }

    /// Sets a personal best through the fake's control API (`POST /_fake/records`), driven "now" on the test clock.
    func submit(_ mapUid: String, player: Int, score: Int, secondsAgo: Int = 60) async throws {
        try await control(
            "POST", "/_fake/records",
            #"{"mapUid":"\#(mapUid)","accountId":"\#(DailyWorld.account(player))","score":\#(score),"timestamp":\#(clock.seconds - secondsAgo)}"#
        )
    }

    /// Injects faults (`POST /_fake/faults`) or clears them (`DELETE`).
    func faults(_ json: String?) async throws {
        if let json {
            try await control("POST", "/_fake/faults", json)
        } else {
            try await control("DELETE", "/_fake/faults", nil)
        }
    }

    /// Calls to one fake endpoint since the last reset, then resets the counters.
    func takeCalls() async -> FakeStats {
        let stats = await fake.state.currentStats()
        await fake.state.resetStats()
        return stats
    }

    private func control(_ method: String, _ path: String, _ body: String?) async throws {
        var request = HTTPClientRequest(url: fake.baseURL + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status.code < 300, "\(method) \(path) answered \(response.status.code)")
    }

    /// Every pending digest item of every user.
    func pendingItemCount() async throws -> Int {
        var count = 0
        for user in try await repositories.dailyDigests.usersWithPendingItems() {
            count += try await repositories.dailyDigests.pendingItems(userId: user).count
        }
        return count
    }
}

extension [MailMessage] {
    /// The message to an address (tests address users by `name@example.com`).
    func to(_ name: String) -> MailMessage? { first { $0.to == "\(name.lowercased())@example.com" } }

    var recipients: [String] { map(\.to).sorted() }
}
