import Foundation
import Logging
import RecordsCore

/// ``TrackmaniaDirectory`` over TMX and the OAuth API, with display names cached in the database so
/// only unknown (or stale) ids reach the OAuth API.
public struct TrackmaniaDirectoryService: TrackmaniaDirectory {
    let exchange: ExchangeClient
    let oauth: TrackmaniaOAuthClient
    let cache: any DisplayNameRepository
    let cacheLifetime: Duration
    let clock: any WallClock
    let logger: Logger

    public func searchExchangeUsers(name: String) async throws -> ExchangeUserPage {
        try await exchange.searchUsers(name: name)
    }

    /// Names for the ids, like the daily run asks for them: fresh cached names and ids remembered as
    /// unknown cost nothing, the rest is asked in batches of 50; ids the answer leaves out are remembered
    /// as unknown. When the OAuth API fails, cached names of any age answer (better stale names than
    /// none); only when there are none at all does the failure reach the caller.
    public func displayNames(accountIds: [String]) async throws -> [String: String] {
        let wanted = Array(Set(accountIds.filter { !$0.isEmpty }))
        guard !wanted.isEmpty else { return [:] }
        let now = clock.now
        let freshSince = now.addingTimeInterval(-cacheLifetime.timeInterval)
        var names: [String: String] = [:]
        var unknown: Set<String> = []
        do {
            names = try await cache.displayNames(accountIds: wanted, freshSince: freshSince)
            unknown = try await cache.unknownIds(accountIds: wanted, freshSince: freshSince)
        } catch {
            // The cache only saves calls; a failing database must not take names away.
            logCacheFailure("Display-name cache read failed", error)
        }
        let missing = wanted.filter { names[$0] == nil && !unknown.contains($0) }
        guard !missing.isEmpty else { return names }
        let fetched: [String: String]
        do {
            fetched = try await oauth.displayNames(accountIds: missing)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let stale = (try? await cache.displayNames(accountIds: missing, freshSince: .distantPast)) ?? [:]
            names.merge(stale) { fresh, _ in fresh }
            guard !names.isEmpty else { throw error }
            logger.warning(
                "display names unavailable; cached names are used",
                metadata: ["error-type": .string(ErrorDiagnostics.type(of: error)), "ids": "\(missing.count)"])
            return names
        }
        await remember(fetched, now: now)
        await rememberUnknown(missing.filter { fetched[$0] == nil }, now: now)
        names.merge(fetched) { cached, _ in cached }
        return names
    }

    public func accountIds(displayNames: [String]) async throws -> [String: String] {
        let wanted = displayNames.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return [:] }
        let ids = try await oauth.accountIds(displayNames: wanted)
        // The answer is also a fresh id → name fact for the cache.
        await remember(Dictionary(ids.map { ($0.value, $0.key) }) { first, _ in first }, now: clock.now)
        return ids
    }

    private func remember(_ names: [String: String], now: Date) async {
        guard !names.isEmpty else { return }
        do {
            try await cache.save(names, now: now)
        } catch {
            logCacheFailure("Display-name cache write failed", error)
        }
    }

    /// Ids the OAuth API answered without a name: asked again only after the cache lifetime.
    private func rememberUnknown(_ ids: [String], now: Date) async {
        guard !ids.isEmpty else { return }
        do {
            try await cache.saveUnknown(ids, now: now)
        } catch {
            logCacheFailure("Display-name cache write failed", error)
        }
    }

    private func logCacheFailure(_ message: Logger.Message, _ error: any Error) {
        logger.warning(
            message,
            metadata: [
                "error-type": .string(ErrorDiagnostics.type(of: error)),
                "error-code": .string(ErrorDiagnostics.code(of: error)),
            ])
    }
}
