import Foundation
import HandlerKit
import Logging
import RecordsCore
import Storage
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The day arithmetic of the history routes, the alert-type switch's initialiser and the
/// settings registry, against a real (SQLite) store.
@Suite(.serialized)
struct AdminHistoryTests {
    struct FixedClock: WallClock {
        var now: Date
    }

    /// 2026-11-23T20:30:00Z: already Tuesday the 24th in Tokyo.
    static let lateEvening = Date(timeIntervalSince1970: 1_795_465_800)

    static func withDatabase(_ body: (Database) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-admin-\(UUID().uuidString)")
        var logger = Logger(label: "admin-tests")
        logger.logLevel = .critical
        let database = try await Database.sqlite(
            path: folder.appendingPathComponent("store.sqlite").path, logger: logger)
        do {
            _ = try await database.migrate(logger: logger)
            try await body(database)
        } catch {
            try? await database.shutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        try await database.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` with the process time zone set to `zone`.
    static func inTimeZone(_ zone: String, _ body: () async throws -> Void) async rethrows {
        let previous = ProcessInfo.processInfo.environment["TZ"]
        setenv("TZ", zone, 1)
        tzset()
        defer {
            if let previous { setenv("TZ", previous, 1) } else { unsetenv("TZ") }
            tzset()
        }
        try await body()
    }

    static func context(_ user: User?, now: Date) -> HandlerContext {
        var logger = Logger(label: "admin-tests")
        logger.logLevel = .critical
        return HandlerContext(
            requestId: "test", logger: logger, clock: FixedClock(now: now),
            caller: user.map { Caller(user: $0, sessionId: "s") })
    }

    @Test func longEnglishDates() {
        #expect(UTCDays.longEnglish("2025-11-23") == "Sunday, November 23, 2025")
        #expect(UTCDays.longEnglish("2024-02-29") == "Thursday, February 29, 2024")
        #expect(UTCDays.longEnglish("1970-01-01") == "Thursday, January 1, 1970")
        #expect(UTCDays.longEnglish("1969-12-31") == "Wednesday, December 31, 1969")
        #expect(UTCDays.longEnglish("2026-13-01") == nil)
        #expect(UTCDays.day(Self.lateEvening, minus: 5) == "2026-11-18")
    }

    /// History and overview bodies for a fixed instant, computed under `zone`.
    static func bodies(zone: String) async throws -> (history: String, overview: String) {
        var result = ("", "")
        try await inTimeZone(zone) {
            try await withDatabase { db in
                let repos = db.repositories
                guard
                    case .created(let user) = try await repos.users.register(
                        NewUser(username: "tz_user", email: "tz@example.com", passwordHash: "x", role: .admin),
                        maxUsers: .max, now: lateEvening)
                else { throw CancellationError() }
                for (day, kind) in [
                    ("2026-11-24", NotificationKind.mapperAlert), ("2026-11-23", .mapperAlert),
                    ("2026-11-18", .driverNotification), ("2026-11-17", .mapperAlert),
                ] {
                    _ = try await repos.notificationHistory.record(
                        NewNotificationHistoryEntry(
                            userId: user.id, username: "tz_user", kind: kind, status: .sent, message: day,
                            recordsFound: 1, processingDate: day),
                        now: lateEvening)
                }
                let event = Event(httpMethod: "GET", path: "/")
                let history = try await GetNotificationHistoryHandler(history: repos.notificationHistory)
                    .handle(event, context: context(user, now: lateEvening))
                let overview = try await GetDailyOverviewHandler(
                    history: repos.notificationHistory, alerts: repos.alerts
                ).handle(event, context: context(user, now: lateEvening))
                result = (history.body ?? "", overview.body ?? "")
            }
        }
        return result
    }

    @Test func historyDaysAreUTCWhateverTheProcessTimeZone() async throws {
        let tokyo = try await Self.bodies(zone: "Asia/Tokyo")
        let utc = try await Self.bodies(zone: "UTC")
        #expect(tokyo.history == utc.history)
        #expect(tokyo.overview == utc.overview)

        let history = try #require(try JSONValue.parse(tokyo.history).objectValue?["history"]?.arrayValue)
        // Today is the UTC day 2026-11-23; the window reaches back five days to 2026-11-18.
        #expect(
            history.compactMap { $0.objectValue?["date"]?.stringValue } == ["2026-11-24", "2026-11-23", "2026-11-18"])
        let overview = try #require(try JSONValue.parse(tokyo.overview).objectValue?["daily_summaries"]?.arrayValue)
        let today = try #require(overview.first?.objectValue)
        #expect(today["date"]?.stringValue == "2026-11-23")
        #expect(today["relative_date"]?.stringValue == "Today")
        #expect(today["display_date"]?.stringValue == "Monday, November 23, 2026")
        #expect(overview.count == 1)
    }

    struct StubExchange: ExchangeMaps {
        var maps: [ExchangeMap]
        func mapsByAuthor(_ author: String) async throws -> [ExchangeMap] { maps }
        func searchMaps(_ query: ExchangeMapQuery, count: Int, after: Int?) async throws -> ExchangeMapPage {
            ExchangeMapPage(maps: [], more: false)
        }
    }

    struct StubLeaderboards: TrackmaniaLeaderboards {
        func top(mapUid: String, onlyWorld: Bool, length: Int, offset: Int) async throws -> LeaderboardTop {
            throw TrackmaniaError.notFound
        }
        func positions(scores: [String: Int]) async throws -> [MapScorePosition] {
            // "closed" stands for a map Nadeo no longer knows: it is absent from the answer.
            scores.sorted { $0.key < $1.key }.filter { $0.key != "closed" }
                .map { MapScorePosition(mapUid: $0.key, score: $0.value, position: 40) }
        }
        func mapInfo(mapUids: [String]) async throws -> [NadeoMapInfo] { [] }
    }

    /// Keeps started work so the test runs it when it chooses.
    @Test func switchingModesInitialisesInaccurateAndKeepsSharedBaselines() async throws {
        try await Self.withDatabase { db in
            let repos = db.repositories
            let now = Self.lateEvening
            func user(_ name: String, role: UserRole = .user) async throws -> User {
                guard
                    case .created(let user) = try await repos.users.register(
                        NewUser(username: name, email: "\(name)@example.com", passwordHash: "x", role: role),
                        maxUsers: .max, now: now)
                else { throw CancellationError() }
                return user
            }
            let admin = try await user("boss", role: .admin)
            let ann = try await user("ann")
            let ben = try await user("ben")
            let annAlert = try await repos.alerts.create(
                NewAlert(userId: ann.id, username: "ann", email: ann.email, alertType: .inaccurate), now: now)
            _ = try await repos.alerts.addMaps(alertId: annAlert.id, mapUids: ["shared"])
            _ = try await repos.mapPositions.insertBaselines(
                [(mapUid: "shared", position: 12, score: 9_999_999)], now: now)
            let benAlert = try await repos.alerts.create(
                NewAlert(userId: ben.id, username: "ben", email: ben.email), now: now)

            let background = BackgroundWork(logger: Logger(label: "test"))
            let exchange = StubExchange(
                maps: ["shared", "benOnly", "closed"].enumerated().map {
                    ExchangeMap(mapId: $0.offset + 1, mapUid: $0.element, name: $0.element)
                })
            let handler = UpdateUserAlertTypeHandler(
                users: repos.users, alerts: repos.alerts,
                sync: AlertMapSync(
                    exchange: exchange, leaderboards: StubLeaderboards(), alerts: repos.alerts,
                    positions: repos.mapPositions, clock: FixedClock(now: now), logger: Logger(label: "test")),
                background: background)
            func switchBen(to type: String) async throws -> JSONObject? {
                var context = Self.context(admin, now: now)
                context.body = RequestBody(["user_id": .int(ben.id), "alert_type": .string(type)])
                let response = try await handler.handle(Event(httpMethod: "PUT", path: "/"), context: context)
                return try JSONValue.parse(response.body ?? "").objectValue
            }

            let toInaccurate = try await switchBen(to: "inaccurate")
            #expect(toInaccurate?["init_inaccurate_started"] == .bool(true))
            await background.drain()
            #expect(try await repos.alerts.mapUids(alertId: benAlert.id) == ["benOnly", "closed", "shared"])
            #expect(try await repos.alerts.alert(id: benAlert.id)?.mapCount == 3)
            let probed = try await repos.mapPositions.positions(mapUids: ["shared", "benOnly", "closed"])
            #expect(probed["shared"]?.position == 12, "an existing baseline is another alert's: never re-probed")
            #expect(probed["benOnly"]?.position == 40)
            #expect(probed["closed"] == nil)

            let toAccurate = try await switchBen(to: "accurate")
            #expect(toAccurate?["init_inaccurate_started"] == .bool(false))
            #expect(toAccurate?["map_count"] == .int(3))
            let left = try await repos.mapPositions.positions(mapUids: ["shared", "benOnly"])
            #expect(Set(left.keys) == ["shared"], "ann's inaccurate alert still uses the shared map")
            #expect(
                try await repos.alerts.mapUids(alertId: benAlert.id).count == 3,
                "the map list is kept for accurate mode")
        }
    }

    @Test func settingsRegistryValidatesAsTheAdminPageSends() {
        let cap = AdminSettings.maxUsersRegistration
        #expect(AdminSettings.setting(forKey: "max_users_registration") == cap)
        #expect(AdminSettings.setting(forKey: "nope") == nil)
        #expect(cap.normalized(.string("150")) == "150")
        #expect(cap.normalized(.string(" 7 ")) == "7")
        #expect(cap.normalized(.number(10000)) == "10000")
        for bad: JSONValue in [
            .string("0"), .string("10001"), .string("12abc"), .string(""), .number(1.5), .bool(true), .null,
        ] {
            #expect(cap.normalized(bad) == nil, "\(bad)")
        }
        #expect(cap.integer(from: nil) == 200)
        #expect(cap.integer(from: "garbage") == 200)
        #expect(cap.integer(from: "42") == 42)
    }

    /// An `admin_config` without rows (a database whose seed row was removed).
    actor EmptyConfig: AdminConfigRepository {
        var rows: [String: AdminConfigEntry] = [:]
        func value(forKey key: String) async throws -> String? { rows[key]?.value }
        func all() async throws -> [AdminConfigEntry] { rows.values.sorted { $0.key < $1.key } }
        func set(key: String, value: String, description: String?, now: Date) async throws {
            rows[key] = AdminConfigEntry(key: key, value: value, description: description, updatedAt: now)
        }
    }

    @Test func missingSettingRowsShowTheDefaultAndAnUpdateCreatesThem() async throws {
        let store = EmptyConfig()
        let admin = User(
            id: 1, username: "boss", email: "b@example.com", passwordHash: "x", createdAt: Self.lateEvening)
        let event = Event(httpMethod: "GET", path: "/")
        let listed = try await GetAdminConfigHandler(config: store).handle(
            event, context: Self.context(admin, now: Self.lateEvening))
        let entry = try #require(
            try JSONValue.parse(listed.body ?? "").objectValue?["configs"]?.arrayValue?.first?.objectValue)
        #expect(entry["config_key"] == .string("max_users_registration"))
        #expect(entry["config_value"] == .string("200"))
        #expect(entry["updated_at"] == .null)

        var context = Self.context(admin, now: Self.lateEvening)
        context.body = RequestBody(["config_key": "max_users_registration", "config_value": "25"])
        _ = try await UpdateAdminConfigHandler(config: store).handle(event, context: context)
        #expect(try await AdminSettings.integer(AdminSettings.maxUsersRegistration, from: store) == 25)
        #expect(try await store.all().first?.updatedAt == Self.lateEvening)
    }
}
