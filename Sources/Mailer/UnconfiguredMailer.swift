import RecordsCore

/// A mailer that refuses every message as ``MailError/unavailable(_:)``: the default of set-ups
/// that send no mail (fixture replays, unit tests), so a forgotten wiring fails loudly instead of
/// dropping mail silently.
public struct UnconfiguredMailer: Mailer {
    public init() {}

    public func send(_ message: MailMessage) async throws {
        throw MailError.unavailable("no mailer is configured")
    }
}
