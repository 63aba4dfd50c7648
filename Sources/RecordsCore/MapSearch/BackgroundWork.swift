import Foundation
import Logging

/// Work a request starts but does not wait for (an alert's map baselines), tracked so that shutdown
/// and the fixture host can wait for it instead of losing it silently.
///
/// Built once in the composition root. Failures are logged; the work is idempotent and is done again
/// by the daily run if the process stops before it finishes.
public actor BackgroundWork {
    private var running: [UUID: Task<Void, Never>] = [:]
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Starts `work` now.
    /// - Parameters:
    ///   - name: A log-safe label.
    ///   - work: The job; thrown errors are logged.
    public func launch(_ name: String, _ work: @escaping @Sendable () async throws -> Void) {
        let id = UUID()
        let logger = self.logger
        running[id] = Task {
            do {
                try await work()
            } catch is CancellationError {
                logger.info("background work cancelled", metadata: ["work": "\(name)"])
            } catch {
                logger.warning("background work failed", metadata: ["work": "\(name)", "error": "\(type(of: error))"])
            }
            self.finished(id)
        }
    }

    /// Waits until every started piece of work (including any started meanwhile) has ended.
    public func drain() async {
        while let (_, task) = running.first {
            await task.value
        }
    }

    /// Cancels every running piece of work and waits for it to end (graceful shutdown).
    public func cancelAll() async {
        for task in running.values { task.cancel() }
        await drain()
    }

    /// How many pieces of work are running.
    public var count: Int { running.count }

    private func finished(_ id: UUID) {
        running[id] = nil
    }
}
