extension RateRule {
    /// Test messages from the preference page (adding a channel sends one, so does "Send a test"):
    /// 10 per 10 minutes per user, so a link cannot turn the server into a Discord or ntfy spammer
    /// (Discord bans webhooks and addresses that keep hitting its limits).
    public static let pushTest = RateRule(
        name: "push_test", limit: 10, window: .seconds(600),
        message: "Too many test messages. Please try again in a few minutes.")
}
