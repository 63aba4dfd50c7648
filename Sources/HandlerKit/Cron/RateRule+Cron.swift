extension RateRule {
    /// Failed cron calls per client address: 10 per 10 minutes. The host's crontab never fails, so
    /// this only slows a guesser; like logins, a client over it is held even with the right secret.
    public static let cronAttempt = RateRule(
        name: "cron_attempt", limit: 10, window: .seconds(600),
        message: "Too many unauthorized attempts. Please try again later.")
}
