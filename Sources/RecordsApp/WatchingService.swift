import Foundation
import RecordsCore
import ServiceLifecycle

/// Runs the map-search worker for the life of `serve`, and on shutdown stops it and the background
/// work requests started (an interrupted search is claimed again after a restart).
struct WatchingService: Service {
    let watching: WatchingServices

    func run() async throws {
        let worker = watching.mapSearchWorker
        // The worker first reads the queue one poll interval after start, once `serve` has migrated.
        await cancelWhenGracefulShutdown { await worker.run() }
        await watching.background.cancelAll()
    }
}
