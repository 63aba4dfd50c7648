import Foundation
import RecordsApp
import RecordsCore
import Testing

/// `WATCH_*` settings: defaults, accepted forms, and one line naming the setting for each bad value.
@Suite struct WatchConfigTests {
    static func config(_ environment: [String: String]) throws -> AppConfig {
        try AppConfig(environment: environment)
    }

    static func refusal(_ environment: [String: String]) -> String? {
        do {
            _ = try config(environment)
            return nil
        } catch let invalid as AppConfig.Invalid {
            return invalid.description
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultsAreLiveHalfARequestPerSecondAndADay() throws {
        let watch = try Self.config([:]).watch
        #expect(watch.mode == .live)
        #expect(watch.settings.rate == 0.5)
        #expect(watch.settings.maxStaleness == 86_400)
        #expect(watch.settings.scheduler == .sqrt)
    }

    @Test func acceptedForms() throws {
        let watch = try Self.config([
            "WATCH_MODE": "daily", "WATCH_RATE": "48", "TRACKMANIA_RATE_LIMIT": "100", "WATCH_MAX_STALENESS": "900",
            "WATCH_SCHEDULER": "uniform",
        ]).watch
        #expect(watch.mode == .daily)
        #expect(watch.settings.rate == 48)
        #expect(watch.settings.maxStaleness == 900)
        #expect(watch.settings.scheduler == .uniform)
        #expect(try Self.config(["WATCH_MAX_STALENESS": "6h"]).watch.settings.maxStaleness == 21_600)
        #expect(try Self.config(["WATCH_MAX_STALENESS": "15m"]).watch.settings.maxStaleness == 900)
        #expect(try Self.config(["WATCH_MAX_STALENESS": "1d"]).watch.settings.maxStaleness == 86_400)
        #expect(try Self.config(["TRACKMANIA_RATE_LIMIT": "0.2"]).watch.settings.rate == 0.2)
    }

    @Test(arguments: [
        (["WATCH_RATE": "0"], "WATCH_RATE"),
        (["WATCH_RATE": "-1"], "WATCH_RATE"),
        (["WATCH_RATE": "fast"], "WATCH_RATE"),
        (["WATCH_RATE": "nan"], "WATCH_RATE"),
        (["WATCH_RATE": "3"], "TRACKMANIA_RATE_LIMIT"),
        (["WATCH_MODE": "sometimes"], "WATCH_MODE"),
        (["WATCH_SCHEDULER": "random"], "WATCH_SCHEDULER"),
        (["WATCH_MAX_STALENESS": "59"], "WATCH_MAX_STALENESS"),
        (["WATCH_MAX_STALENESS": "30s"], "WATCH_MAX_STALENESS"),
        (["WATCH_MAX_STALENESS": "soon"], "WATCH_MAX_STALENESS"),
    ])
    func badValuesAreRefusedNamingTheSetting(environment: [String: String], name: String) {
        let line = Self.refusal(environment)
        #expect(line?.contains(name) == true, "\(environment) → \(line ?? "accepted")")
        #expect(line?.contains("\n") == false)
    }
}
