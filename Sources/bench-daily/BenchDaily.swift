import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import RecordsCore
import Storage
import TrackmaniaAPI

/// The daily-run benchmark (issue 11): `scripts/bench.py` (`make bench`) writes the world with `world FILE`,
/// serves it with `fake-trackmania`, then runs `run BASE_URL` here, which seeds a fresh store, runs the
/// daily pipeline once and prints the Trackmania calls, wall time and memory.
@main
struct BenchDaily {
    /// The scenario's size, from the environment (`BENCH_USERS`, `BENCH_MAPS`, `BENCH_SHARED`,
    /// `BENCH_DRIVERS`, `BENCH_DRIVER_MAPS`, `BENCH_RATE`).
    struct Scenario {
        var users = 200
        var mapsPerUser = 100
        var sharedFraction = 0.3
        var drivers = 20
        var mapsPerDriver = 5
        var rate = 100.0
        var accounts = 1000

        init() {
            let env = ProcessInfo.processInfo.environment
            users = env["BENCH_USERS"].flatMap(Int.init) ?? users
            mapsPerUser = env["BENCH_MAPS"].flatMap(Int.init) ?? mapsPerUser
            sharedFraction = env["BENCH_SHARED"].flatMap(Double.init) ?? sharedFraction
            drivers = env["BENCH_DRIVERS"].flatMap(Int.init) ?? drivers
            mapsPerDriver = env["BENCH_DRIVER_MAPS"].flatMap(Int.init) ?? mapsPerDriver
            rate = env["BENCH_RATE"].flatMap(Double.init) ?? rate
        }

        var sharedPerUser: Int { Int((Double(mapsPerUser) * sharedFraction).rounded()) }
        var ownPerUser: Int { mapsPerUser - sharedPerUser }
        /// Shared maps are co-authored by two consecutive users.
        var sharedMaps: Int { users * sharedPerUser / 2 }

        func account(_ index: Int) -> String { "00000000-0000-4000-a000-\(String(format: "%012d", index))" }

        /// Maps of user `u` (0-based): own maps, then the shared maps they co-authored.
        func world(now: Int) -> FakeWorld {
            var maps: [FakeWorld.Map] = []
            var records: [FakeWorld.Record] = []
            func add(_ uid: String, id: Int, authors: [Int]) {
                maps.append(
                    FakeWorld.Map(
                        uid: uid, exchangeId: id, nadeoId: "n-\(uid)", name: "Map \(uid)", authorUserIds: authors,
                        authorAccountId: account(0), uploadedAt: "2025-06-01T12:00:00Z", downloadCount: 1,
                        authorTime: 30_000))
                // Five records each: two driven an hour ago (news on the first check), three old.
                for slot in 0..<5 {
                    let player = (id * 7 + slot * 13) % accounts
                    records.append(
                        FakeWorld.Record(
                            mapUid: uid, accountId: account(player), score: 30_000 + slot * 100 + id % 50,
                            timestamp: slot < 2 ? now - 3600 : now - 10 * 86_400))
                }
            }
            var id = 1
            for user in 0..<users {
                for index in 0..<ownPerUser {
                    add("U\(user)M\(index)", id: id, authors: [user + 1])
                    id += 1
                }
            }
            for shared in 0..<sharedMaps {
                let first = (shared / sharedPerUser) * 2 % users
                add("S\(shared)", id: id, authors: [first + 1, (first + 1) % users + 1])
                id += 1
            }
            return FakeWorld(
                accounts: (0..<accounts).map {
                    FakeWorld.Account(
                        accountId: account($0), displayName: "Player\($0)", zoneId: "z", zoneName: "World")
                },
                exchangeUsers: (0..<users).map { FakeWorld.ExchangeUser(userId: $0 + 1, name: "Mapper\($0)") },
                maps: maps, records: records)
        }
    }

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            print("usage: bench-daily world FILE | bench-daily run FAKE_BASE_URL")
            exit(2)
        }
        let scenario = Scenario()
        switch arguments[1] {
        case "world":
            let world = scenario.world(now: Int(Date().timeIntervalSince1970))
            try JSONEncoder().encode(world).write(to: URL(fileURLWithPath: arguments[2]))
            print("world: \(world.maps.count) maps, \(world.records.count) records")
        case "run":
            try await run(scenario, fakeURL: arguments[2])
        default:
            print("unknown command \(arguments[1])")
            exit(2)
        }
    }

    /// Resident memory of this process, in KiB.
    static func rssKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }

    static func fakeStats(_ base: String) async throws -> FakeStats {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: base + "/_fake/stats"), timeout: .seconds(10))
        return try JSONDecoder().decode(
            FakeStats.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    static func run(_ scenario: Scenario, fakeURL: String) async throws {
        var logger = Logger(label: "bench-daily")
        logger.logLevel = .error
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-daily-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await Database.sqlite(path: folder.appendingPathComponent("db.sqlite").path, logger: logger)
        _ = try await database.migrate(logger: logger)
        let repos = database.repositories
        let now = Date()

        // Seed: one accurate alert per mapper (filter all), drivers on the first maps of the world.
        for user in 0..<scenario.users {
            guard
                case .created(let created) = try await repos.users.register(
                    NewUser(username: "Mapper\(user)", email: "m\(user)@example.com", passwordHash: "x"),
                    maxUsers: 100_000, now: now)
            else { continue }
            _ = try await repos.alerts.create(
                NewAlert(userId: created.id, username: "Mapper\(user)", email: created.email, recordFilter: .all),
                now: now)
        }
        for driver in 0..<scenario.drivers {
            guard
                case .created(let created) = try await repos.users.register(
                    NewUser(username: "Driver\(driver)", email: "d\(driver)@example.com", passwordHash: "x"),
                    maxUsers: 100_000, now: now)
            else { continue }
            _ = try await repos.users.setTrackmaniaIdentity(
                userId: created.id, tmUsername: "Player\(driver)", accountId: scenario.account(driver))
            for index in 0..<scenario.mapsPerDriver {
                _ = try await repos.driverNotifications.create(
                    NewDriverNotification(
                        userId: created.id, mapUid: "U\((driver * 3 + index) % scenario.users)M\(index)",
                        mapName: "Map", position: 3, personalBest: 30_200), now: now)
            }
        }

        var configuration = TrackmaniaConfiguration.pointingAt(
            fakeBaseURL: fakeURL, userAgent: "recordsw-bench/1.0 (bench@example.com)")
        configuration.requestsPerSecond = scenario.rate
        let services = TrackmaniaServices(
            configuration: configuration, httpClient: .shared, tokens: repos.apiTokens,
            displayNames: repos.displayNames, logger: logger)
        let runner = DailyRunner(
            repositories: repos,
            services: DailyRunner.Services(
                leaderboards: services.leaderboards, directory: services.directory, exchange: services.exchange,
                mailer: CountingMailer()),
            settings: DailyRunSettings(), preferenceLinks: nil, clock: SystemClock(), logger: logger)
        let coordinator = DailyRunCoordinator(
            runner: runner, runs: repos.dailyRuns, locks: repos.locks, metrics: .disabled)

        let idle = rssKiB()
        let sampling = Task {
            var peak = idle
            while !Task.isCancelled {
                peak = max(peak, rssKiB())
                try? await Task.sleep(for: .milliseconds(50))
            }
            return peak
        }
        let before = try await fakeStats(fakeURL)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try await coordinator.runNow()
        let elapsed = clock.now - started
        sampling.cancel()
        let peak = await sampling.value
        let after = try await fakeStats(fakeURL)
        try await database.shutdown()

        guard case .finished(let report) = outcome else {
            print("run did not finish: \(outcome)")
            exit(1)
        }
        func delta(_ name: String) -> Int { after.count(name) - before.count(name) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let auth = delta("core.basic") + delta("core.refresh") + delta("oauth.token")
        let total = after.calls.values.reduce(0, +) - before.calls.values.reduce(0, +)
        let distinct = scenario.users * scenario.ownPerUser + scenario.sharedMaps
        print(
            "scenario: \(scenario.users) mappers × \(scenario.mapsPerUser) maps (\(scenario.sharedPerUser) shared), ",
            terminator: "")
        print(
            "\(scenario.drivers) drivers × \(scenario.mapsPerDriver) maps; \(distinct) distinct maps; rate \(scenario.rate)/s"
        )
        print(
            "run \(report.runId) \(report.phase.rawValue): mails \(report.emailsSent), items \(report.itemsQueued), maps read \(report.mapsFetched)"
        )
        print(
            "calls: live.top \(delta("live.top")), live.position \(delta("live.position")), "
                + "oauth.displayNames \(delta("oauth.displayNames")), auth \(auth), tmx.maps \(delta("tmx.maps")), "
                + "live.mapInfo \(delta("live.mapInfo")); total \(total); counted by the run \(report.trackmaniaCalls) Nadeo + \(report.exchangeCalls) TMX"
        )
        print(
            "formula: distinct maps fetched + ⌈unknown accounts/50⌉ + auth = \(report.mapsFetched) + "
                + "\(delta("oauth.displayNames")) + \(auth) = \(report.mapsFetched + delta("oauth.displayNames") + auth)"
                + " (plus \(delta("tmx.maps")) TMX map-list pages)")
        let paced = Double(total - auth) / scenario.rate
        print(String(format: "wall %.1f s; calls/rate %.1f s; ratio %.3f", seconds, paced, seconds / paced))
        print(
            String(
                format: "RSS idle %.1f MiB, peak during the run %.1f MiB (%.2f×)", Double(idle) / 1024,
                Double(peak) / 1024, Double(peak) / Double(max(idle, 1))))
        // The lower bound of the issue: every distinct watched map read once, the display names 50 per
        // call, the two authentications, and one TMX map-list page per mapper (≤ 100 maps each).
        // Names are asked only for the accounts of the news: on a first check, the records of the last 24 h.
        let accountsSeen = Set(
            scenario.world(now: Int(now.timeIntervalSince1970)).records.filter {
                ($0.timestamp ?? 0) > Int(now.timeIntervalSince1970) - 86_400
            }.map(\.accountId)
        ).count
        let lowerBound = distinct + (accountsSeen + 49) / 50 + 2 + scenario.users * ((scenario.mapsPerUser + 99) / 100)
        let result: [String: Double] = [
            "calls": Double(total), "lowerBound": Double(lowerBound), "wallSeconds": seconds, "pacedSeconds": paced,
            "rate": scenario.rate, "idleKiB": Double(idle), "peakKiB": Double(peak),
            "emails": Double(report.emailsSent), "items": Double(report.itemsQueued),
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print("RESULT " + String(decoding: json, as: UTF8.self))
    }
}

/// Accepts every message (the benchmark measures the pipeline, not SMTP).
struct CountingMailer: MailSender {
    func send(_ message: MailMessage) async throws {}
}
