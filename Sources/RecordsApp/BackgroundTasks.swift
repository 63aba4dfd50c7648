import Foundation
import Logging
import RecordsCore

/// The application's ``BackgroundWork``: work started by a request after its response (the alert-type
/// switch's inaccurate-mode initialisation), tracked so that shutdown waits for it instead of closing
/// the database under it.
public final class BackgroundTasks: BackgroundWork, @unchecked Sendable {
    // Guarded by `lock`: registration must happen before the task can finish and deregister itself.
    private let lock = NSLock()
    private var running: [UUID: Task<Void, Never>] = [:]
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func start(_ name: String, _ work: @escaping @Sendable () async throws -> Void) {
        let id = UUID()
        let logger = self.logger
        lock.lock()
        defer { lock.unlock() }
        running[id] = Task {
            do {
                try await work()
            } catch {
                // The type only: store and upstream error texts may carry internal details.
                logger.warning(
                    "background work failed",
                    metadata: ["work": .string(name), "error": .string(String(describing: type(of: error)))])
            }
            self.finish(id)
        }
    }

    /// Waits until no background work is running (called on shutdown).
    public func drain() async {
        while true {
            let pending = lock.withLock { Array(running.values) }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }

    private func finish(_ id: UUID) {
        lock.withLock { running[id] = nil }
    }
}
