import Foundation
import Logging
import RecordsCore
import ServiceLifecycle

/// Sends the self-help mails that wait: those a request queued while this instance was starting or
/// another instance stopped, and those the mail server could not take yet (retried with a pause).
/// Requests wake the worker themselves; this pass only catches up.
struct SelfHelpMailService: Service {
    let outbox: SelfHelpOutbox
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        // Sleep first: the schema is migrated while the server starts, after this service begins.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            do {
                try await outbox.mailer.deliverDue()
            } catch {
                logger.warning(
                    "self-help mail pass failed",
                    metadata: [
                        "error-type": .string(ErrorDiagnostics.type(of: error)),
                        "error-code": .string(ErrorDiagnostics.code(of: error)),
                    ])
            }
        }
    }

    /// The service when self-help mail is wired.
    static func services(_ deps: AppDependencies, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let outbox = deps.selfHelp else { return [] }
        return [.init(service: SelfHelpMailService(outbox: outbox, logger: logger))]
    }
}
