import Foundation
import RecordsCore
import Testing

@testable import RecordsApp

@Suite("Map-search configuration")
struct MapSearchConfigTests {
    @Test("defaults: 3 unfinished searches per user, 100 in all, a quarter of the Trackmania pace")
    func defaults() throws {
        let config = try AppConfig(environment: [:]).mapSearch
        #expect(config.limits == MapSearchQueueLimits(perUser: 3, total: 100))
        #expect(config.limits.retryAfterSeconds == 60)
        #expect(config.rateSharePercent == 25)
        #expect(config.workerRequestsPerSecond(of: 2) == 0.5)
    }

    @Test("the settings are read and checked")
    func settings() throws {
        let config = try AppConfig(environment: [
            "MAP_SEARCH_MAX_PENDING_PER_USER": "5", "MAP_SEARCH_MAX_PENDING": "40",
            "MAP_SEARCH_RATE_SHARE_PERCENT": "50",
        ]).mapSearch
        #expect(config.limits == MapSearchQueueLimits(perUser: 5, total: 40))
        #expect(config.workerRequestsPerSecond(of: 4) == 2)
        for (name, value) in [
            ("MAP_SEARCH_MAX_PENDING_PER_USER", "0"), ("MAP_SEARCH_MAX_PENDING", "none"),
            ("MAP_SEARCH_RATE_SHARE_PERCENT", "0"), ("MAP_SEARCH_RATE_SHARE_PERCENT", "101"),
        ] {
            #expect(throws: AppConfig.Invalid.self, "\(name)=\(value)") { try AppConfig(environment: [name: value]) }
        }
    }
}
