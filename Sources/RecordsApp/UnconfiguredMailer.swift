import RecordsCore

/// The mailer until one is configured: every send fails as retryable, so digest items stay pending
/// (and are delivered once a real mailer is wired) instead of being marked sent unsent.
struct UnconfiguredMailer: Mailer {
    func send(_ message: MailMessage) async throws {
        throw MailError.unavailable("no mailer configured")
    }
}
