import Foundation
import RecordsApp
import RecordsCore
import Testing
import TrackmaniaAPI

struct DailyRunConfigTests {
    @Test func defaultsAreTheOriginals() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.dailyRun.maxNewRecordsPerMap == 20)
        #expect(config.dailyRun.popularMapMessage.contains("More than 20 new records"))
        #expect(config.dailyRun.topN == 100)
        #expect(config.dailyRun.inaccurateThreshold == 100)
        #expect(config.dailyRun.firstCheckHours == 24)
        let settings = config.dailyRun.settings(displayNameLifetime: 60)
        #expect(settings.firstCheckWindow == 86_400 && settings.displayNameLifetime == 60)
    }

    @Test func theDefaultPopularMessageStatesTheConfiguredLimit() throws {
        let config = try AppConfig(environment: ["MAX_NEW_RECORDS_PER_MAP": " 35 "])
        #expect(config.dailyRun.maxNewRecordsPerMap == 35)
        #expect(config.dailyRun.popularMapMessage.contains("More than 35 new records"))
        let custom = try AppConfig(environment: ["POPULAR_MAP_MESSAGE": "Too many!"])
        #expect(custom.dailyRun.popularMapMessage == "Too many!")
    }

    @Test(arguments: [
        ("MAX_NEW_RECORDS_PER_MAP", "0"), ("MAX_NEW_RECORDS_PER_MAP", "many"), ("DAILY_TOP_N", "101"),
        ("AUTO_INACCURATE_MAP_THRESHOLD", "-1"), ("DAILY_FIRST_CHECK_HOURS", "0"), ("DAILY_FETCH_CONCURRENCY", "1.5"),
        ("TRACKMANIA_RATE_LIMIT", "fast"), ("LEAD_API", "ftp://x"),
    ])
    func badSettingsStopStartUpNamingThemselves(name: String, value: String) {
        do {
            _ = try AppConfig(environment: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let invalid as AppConfig.Invalid {
            #expect(invalid.description.contains(name))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The Trackmania section goes through the same reader, with its own names and defaults.
    @Test func trackmaniaSettingsComeFromTheSameReader() throws {
        let config = try AppConfig(
            environment: ["TRACKMANIA_RATE_LIMIT": " 5 ", "USER_AGENT": "  ua (me@example.com) "],
            dotEnv: ["LEAD_API": "http://127.0.0.1:9/live/", "TRACKMANIA_RATE_LIMIT": "1"])
        #expect(config.trackmania.requestsPerSecond == 5)
        #expect(config.trackmania.userAgent == "ua (me@example.com)")
        #expect(config.trackmania.nadeoLiveURL == "http://127.0.0.1:9/live")
        #expect(try AppConfig(environment: [:]).trackmania == TrackmaniaConfiguration())
    }
}

/// The admin page's daily-run settings win over the configured ones at the next run, without a restart.
struct DailyRunAdminOverrideTests {
    @Test(arguments: Backend.testable)
    func storedValuesReplaceTheConfiguredOnes(backend: Backend) async throws {
        try await DailyStores.with(backend) { dbs in
            let config = dbs[0].repositories.adminConfig
            let configured = DailyRunSettings(topN: 100, maxNewRecordsPerMap: 20, inaccurateThreshold: 100)
            // No rows: what the server was started with.
            #expect(try await configured.applyingAdminOverrides(from: config) == configured)

            let now = Date(timeIntervalSince1970: 1_763_874_012)
            try await config.set(key: "max_new_records_per_map", value: "35", description: nil, now: now)
            try await config.set(key: "auto_inaccurate_map_threshold", value: "5", description: nil, now: now)
            try await config.set(key: "daily_top_n", value: "250", description: nil, now: now)  // by hand, out of range
            let effective = try await configured.applyingAdminOverrides(from: config)
            #expect(effective.maxNewRecordsPerMap == 35)
            #expect(effective.popularMapMessage.contains("More than 35 new records"))
            #expect(effective.inaccurateThreshold == 5)
            #expect(effective.topN == 100, "an unusable row keeps the configured depth")

            let custom = DailyRunSettings(maxNewRecordsPerMap: 20, popularMapMessage: "Too many!")
            #expect(try await custom.applyingAdminOverrides(from: config).popularMapMessage == "Too many!")
        }
    }
}
