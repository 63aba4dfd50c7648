import RecordsApp
import RecordsCore
import Testing

/// The push settings are read and checked at start-up, each bad one named.
@Suite struct PushConfigTests {
    @Test func defaultsPointAtDiscordAndNtfySh() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.push.transport.discordBaseURL == "https://discord.com/api")
        #expect(config.push.transport.ntfyBaseURL == "https://ntfy.sh")
        #expect(config.push.transport.discordInterval == .milliseconds(500))
        #expect(config.push.settings.retryWindow == 48 * 3600)
    }

    @Test func settingsAreRead() throws {
        let config = try AppConfig(environment: [
            "DISCORD_API_URL": "http://127.0.0.1:9000/discord/api/", "NTFY_URL": "https://ntfy.example.com",
            "PUSH_DISCORD_INTERVAL_MS": "0", "PUSH_NTFY_INTERVAL_MS": "5000", "PUSH_RETRY_WINDOW_HOURS": "6",
            "PUSH_CONCURRENCY": "2",
        ])
        #expect(config.push.transport.discordBaseURL == "http://127.0.0.1:9000/discord/api")
        #expect(config.push.transport.ntfyInterval == .seconds(5))
        #expect(config.push.settings.retryWindow == 6 * 3600)
        #expect(config.push.settings.concurrency == 2)
    }

    @Test(arguments: [
        ("DISCORD_API_URL", "ftp://discord.com/api"), ("DISCORD_API_URL", "https://discord.com/api?x=1"),
        ("NTFY_URL", "ntfy.sh"), ("NTFY_URL", "https://user:pw@ntfy.sh"), ("PUSH_RETRY_WINDOW_HOURS", "0"),
        ("PUSH_CONCURRENCY", "many"), ("PUSH_DISCORD_INTERVAL_MS", "-1"),
    ])
    func badValuesAreNamed(setting: String, value: String) {
        do {
            _ = try AppConfig(environment: [setting: value])
            Issue.record("\(setting)=\(value) was accepted")
        } catch {
            #expect("\(error)".contains(setting))
        }
    }
}
