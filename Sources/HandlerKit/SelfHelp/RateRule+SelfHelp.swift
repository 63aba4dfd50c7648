extension RateRule {
    /// Self-help mail requests (fresh link, password reset) per client address: 10 per hour.
    public static let selfHelpClient = RateRule(
        name: "self_help_client", limit: 10, window: .seconds(3600),
        message: "Too many requests from this address. Please try again in an hour.")
    /// Self-help mail requests per email address, whoever asks and whether or not an account uses it
    /// (so the limit reveals nothing): 5 per hour, so the form cannot flood a mailbox.
    public static let selfHelpAddress = RateRule(
        name: "self_help_address", limit: 5, window: .seconds(3600),
        message: "Too many emails were asked for this address. Please try again in an hour.")
    /// New-password posts per client address: 10 per 15 minutes (each one runs bcrypt).
    public static let passwordReset = RateRule(
        name: "password_reset", limit: 10, window: .seconds(900),
        message: "Too many attempts. Please try again in a few minutes.")
}
