import FakeTrackmania
import Foundation
import Testing
import TrackmaniaAPI

@Suite("Trackmania configuration")
struct ConfigurationTests {
    /// Reads `values` as the server's `ConfigReader` hands them over (already trimmed, blank unset).
    static func read(_ values: [String: String]) throws -> TrackmaniaConfiguration {
        try TrackmaniaConfiguration(value: { values[$0] })
    }

    @Test func defaultsAreTheRealHostsAndNadeoEtiquette() throws {
        let configuration = TrackmaniaConfiguration()
        #expect(configuration.nadeoLiveURL == "https://live-services.trackmania.nadeo.live")
        #expect(
            configuration.nadeoLoginURL == "https://prod.trackmania.core.nadeo.online/v2/authentication/token/basic")
        #expect(configuration.oauthURL == "https://api.trackmania.com")
        #expect(configuration.exchangeURL == "https://trackmania.exchange")
        #expect(configuration.requestsPerSecond == 2)
        #expect(configuration.hasCredentials == false)
        #expect(try Self.read([:]) == configuration)
    }

    @Test func originalVariablesKeepTheirMeaning() throws {
        let configuration = try Self.read([
            "AUTHORIZATION": "bG9naW46cGFzcw==", "AUTH_API_URL": "https://auth.example/basic/",
            "LEAD_API": "https://live.example", "USER_AGENT": "recordsw / ops@example.com", "OCLIENT_ID": "id",
            "OCLIENT_SECRET": "secret", "TRACKMANIA_RATE_LIMIT": "0.5", "TRACKMANIA_TIMEOUT_SECONDS": "5",
        ])
        #expect(configuration.nadeoLoginURL == "https://auth.example/basic")
        #expect(configuration.nadeoLiveURL == "https://live.example")
        #expect(configuration.userAgent == "recordsw / ops@example.com")
        #expect(configuration.requestsPerSecond == 0.5)
        #expect(configuration.requestTimeout == .seconds(5))
        #expect(configuration.hasCredentials)
    }

    @Test(arguments: [
        ("TRACKMANIA_RATE_LIMIT", "fast"), ("LEAD_API", "live-services"), ("TRACKMANIA_CONCURRENCY", "0"),
    ])
    func unusableSettingsAreRejected(name: String, value: String) {
        #expect(throws: TrackmaniaConfigurationError.self) { try Self.read([name: value]) }
    }

    @Test func demoCredentialsMatchTheFake() {
        let demo = FakeWorld.Credentials.demo
        #expect(TrackmaniaConfiguration.demoLogin == demo.nadeoLogin)
        #expect(TrackmaniaConfiguration.demoPassword == demo.nadeoPassword)
        #expect(TrackmaniaConfiguration.demoClientId == demo.clientId)
        #expect(TrackmaniaConfiguration.demoClientSecret == demo.clientSecret)
    }
}
