import Foundation
import Logging

/// Keeps the live watcher on exactly one instance among all those on one database: the holder of a
/// lease row (`watch_leases`) watches and renews it every ``renewEvery``; the others try to take it
/// every ``renewEvery``, which succeeds once it expired (the holder died: within ``ttl`` +
/// ``renewEvery``, under a minute by default) or was released (the holder stopped gracefully: at
/// their next try). A holder that cannot renew before its expiry stops watching first.
public struct WatchLease: Sendable {
    /// The lease row's name.
    public static let name = "live-watch"

    public var leases: any WatchLeaseRepository
    /// This instance's identity in the row (host, process and a random part).
    public var holder: String
    public var ttl: TimeInterval
    public var renewEvery: TimeInterval
    public var clock: any WallClock
    public var logger: Logger
    public var metrics: RecordsMetrics

    public init(
        leases: any WatchLeaseRepository, holder: String = WatchLease.instanceIdentity(), ttl: TimeInterval = 30,
        renewEvery: TimeInterval = 10, clock: any WallClock = SystemClock(), logger: Logger,
        metrics: RecordsMetrics = .disabled
    ) {
        self.leases = leases
        self.holder = holder
        self.ttl = ttl
        self.renewEvery = renewEvery
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// A holder identity unique to this process.
    public static func instanceIdentity() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(64)
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }

    /// Runs `body` whenever this instance holds the lease, cancelling it when the lease is lost, until
    /// the calling task is cancelled; then releases the lease.
    public func run(_ body: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            guard await tryAcquire() else {
                try? await Task.sleep(for: .milliseconds(Int(renewEvery * 1000)))
                continue
            }
            await holding(body)
            if Task.isCancelled { break }
            logger.warning("watch lease lost: this instance stops watching", metadata: ["holder": .string(holder)])
        }
        await release()
    }

    /// Runs `body` only if the lease can be taken now (a scheduled Lambda tick: waiting for a lease
    /// another instance holds would bill idle time), renewing it while `body` runs and releasing it
    /// when `body` returns or the calling task is cancelled.
    /// - Returns: `false` when another instance holds the lease (nothing ran).
    public func runIfFree(_ body: @escaping @Sendable () async -> Void) async -> Bool {
        guard !Task.isCancelled, await tryAcquire() else { return false }
        await holding(body)
        await release()
        return true
    }

    /// Runs `body` while renewing the held lease; returns when `body` ends, the lease is lost or the
    /// calling task is cancelled.
    private func holding(_ body: @escaping @Sendable () async -> Void) async {
        logger.info("watch lease taken: this instance watches", metadata: ["holder": .string(holder)])
        metrics.watchLeaseHeld(true)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await body() }
            group.addTask { await keepRenewing() }
            _ = await group.next()
            group.cancelAll()
        }
        metrics.watchLeaseHeld(false)
    }

    /// Gives the lease up, outside the (possibly cancelled) calling task so the delete is not itself cancelled.
    private func release() async {
        let leases = self.leases
        let holder = self.holder
        await Task.detached { try? await leases.release(name: Self.name, holder: holder) }.value
    }

    private func tryAcquire() async -> Bool {
        let now = clock.now
        do {
            return try await leases.acquire(
                name: Self.name, holder: holder, now: now, expiresAt: now.addingTimeInterval(ttl))
        } catch {
            return false
        }
    }

    /// Renews until the lease is lost or cannot be renewed before it expires; returns then.
    private func keepRenewing() async {
        var expires = clock.now.addingTimeInterval(ttl)
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(Int(renewEvery * 1000))) } catch { return }
            let now = clock.now
            do {
                guard
                    try await leases.acquire(
                        name: Self.name, holder: holder, now: now, expiresAt: now.addingTimeInterval(ttl))
                else { return }
                expires = now.addingTimeInterval(ttl)
            } catch {
                // The database is unreachable: keep watching only while the lease surely stays ours.
                if clock.now.addingTimeInterval(renewEvery) >= expires { return }
            }
        }
    }
}
