import Foundation
import Logging
import Mailer
import RecordsCore
import ServiceLifecycle

/// Periodic clean-up: expired login sessions, old rate-limit events and old outbox messages.
struct Housekeeping: Service {
    let repositories: Repositories
    let clock: any WallClock
    let logger: Logger
    /// Deletes outbox messages written before the given date (`MAIL_OUTBOX_KEEP_DAYS`), returning how
    /// many; `nil` when mail is sent by SMTP or the outbox keeps everything.
    var pruneOutbox: (@Sendable (Date) throws -> Int)?
    /// How long outbox messages are kept.
    var outboxRetention: TimeInterval = 30 * 86_400
    var interval: Duration = .seconds(3600)

    func run() async throws {
        // Sleep first: the schema is migrated while the server starts, after this service begins.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await sweep()
        }
    }

    /// One pass; failures are logged and retried at the next interval.
    func sweep() async {
        let now = clock.now
        do {
            let sessions = try await repositories.sessions.pruneExpired(now: now)
            // The longest rate-limit window is an hour (the self-help mail requests): older events never count.
            try await repositories.rateLimits.prune(before: now.addingTimeInterval(-3600))
            // Reset links live an hour; a spent or expired one is kept a day for the log's sake.
            try await repositories.selfHelp.pruneResets(before: now.addingTimeInterval(-86_400))
            if sessions > 0 {
                logger.info("pruned expired sessions", metadata: ["count": .stringConvertible(sessions)])
            }
            if let pruneOutbox {
                let messages = try pruneOutbox(now.addingTimeInterval(-outboxRetention))
                if messages > 0 {
                    logger.info("pruned old outbox messages", metadata: ["count": .stringConvertible(messages)])
                }
            }
        } catch {
            logger.warning(
                "housekeeping failed",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
    }
}

extension Housekeeping {
    /// The clean-up the configuration asks for.
    init(config: AppConfig, deps: AppDependencies, logger: Logger) {
        self.init(repositories: deps.repositories, clock: deps.clock, logger: logger)
        if case .outbox(let directory, _) = config.mail.delivery, config.mail.outboxKeepDays > 0 {
            pruneOutbox = { cutoff in try OutboxMailer.prune(directory: directory, before: cutoff) }
            outboxRetention = TimeInterval(config.mail.outboxKeepDays) * 86_400
        }
    }
}
