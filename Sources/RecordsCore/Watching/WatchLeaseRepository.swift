import Foundation

/// A lease held by one instance at a time (`watch_leases`): the live watcher runs only on its holder.
///
/// Unlike ``NamedLock`` (held for the length of one call on one connection), a lease survives a
/// database restart and a lost connection: it is a row with an expiry the holder keeps renewing, taken
/// over by another instance only once it expired or was released.
public protocol WatchLeaseRepository: Sendable {
    /// Takes or renews the lease `name` for `holder` until `expiresAt`, if it is free, expired at `now`,
    /// or already `holder`'s.
    /// - Returns: Whether `holder` holds it now.
    func acquire(name: String, holder: String, now: Date, expiresAt: Date) async throws -> Bool

    /// Gives the lease up if `holder` holds it, so another instance takes over at once.
    func release(name: String, holder: String) async throws

    /// The current holder and expiry, for tests and diagnostics.
    func holder(name: String) async throws -> (holder: String, expiresAt: Date)?
}
