import Foundation
import Logging
import RecordsCore
import ServiceLifecycle

/// Periodic clean-up: expired login sessions and old rate-limit events.
struct Housekeeping: Service {
    let repositories: Repositories
    let clock: any WallClock
    let logger: Logger
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
            // The longest rate-limit window is five minutes; an hour keeps a wide margin.
            try await repositories.rateLimits.prune(before: now.addingTimeInterval(-3600))
            if sessions > 0 {
                logger.info("pruned expired sessions", metadata: ["count": .stringConvertible(sessions)])
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
