import Logging
import RecordsCore

/// Delivers mail over SMTP through libcurl.
///
/// Each send composes the message (refusing unsafe input before any connection), waits for one of
/// ``SMTPConfiguration/maxConcurrentSends`` permits, then runs one SMTP transaction on a thread of
/// its own, bounded by the connect and send timeouts. Connections are not reused: a digest run
/// sends at most a few hundred messages, and a fresh connection cannot inherit a broken state.
public struct SMTPMailer: MailSender {
    public let configuration: SMTPConfiguration
    private let composer: MIMEComposer
    private let permits: SendPermits
    private let logger: Logger

    public init(configuration: SMTPConfiguration, logger: Logger) {
        self.configuration = configuration
        composer = MIMEComposer(from: configuration.from)
        permits = SendPermits(limit: configuration.maxConcurrentSends)
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        let composed = try composer.compose(message)
        let configuration = configuration
        let started = ContinuousClock.now
        await permits.acquire()
        // A caller that gave up while waiting for its turn does not connect at all. Once connected,
        // a send runs to completion or to its timeout (a libcurl transfer cannot be interrupted).
        if Task.isCancelled {
            await permits.release()
            throw MailError.unavailable("the send was cancelled before it started")
        }
        do {
            try await DedicatedThread.run(name: "recordsw-smtp") {
                try CurlSMTPTransfer.perform(composed, configuration: configuration)
            }
        } catch {
            await permits.release()
            logger.debug(
                "SMTP send failed",
                metadata: [
                    "mail.error": .string(ErrorDiagnostics.code(of: error)),
                    "mail.elapsed": "\(ContinuousClock.now - started)",
                ])
            throw error
        }
        await permits.release()
        logger.debug(
            "SMTP send accepted",
            metadata: [
                "mail.message_id": .string(composed.messageID), "mail.elapsed": "\(ContinuousClock.now - started)",
            ])
    }
}
