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

    public func displayNames(accountIds: [String]) async throws -> [String: String] {
        let wanted = Array(Set(accountIds.filter { !$0.isEmpty }))
        guard !wanted.isEmpty else { return [:] }
        let now = clock.now
        var names: [String: String] = [:]
        do {
            names = try await cache.displayNames(
                accountIds: wanted, freshSince: now.addingTimeInterval(-cacheLifetime.timeInterval))
        } catch {
            // The cache only saves calls; a failing database must not take names away.
            logger.warning(
                "Display-name cache read failed",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
        let missing = wanted.filter { names[$0] == nil }
        guard !missing.isEmpty else { return names }
        let fetched = try await oauth.displayNames(accountIds: missing)
        await remember(fetched, now: now)
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
            logger.warning(
                "Display-name cache write failed",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
    }
}
