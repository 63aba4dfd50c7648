import Foundation
import HandlerKit
import Logging
import RecordsCore

/// Everything the route table needs, built once in the composition root.
public struct AppDependencies: Sendable {
    public var config: AppConfig
    public var storeKind: StoreKind
    public var repositories: Repositories
    public var directory: any TrackmaniaDirectory
    /// Trackmania Exchange map look-ups.
    public var exchange: any ExchangeMaps
    /// Nadeo leaderboard reads.
    public var leaderboards: any TrackmaniaLeaderboards
    /// Work that outlives its request (tracked so shutdown waits for it).
    public var background: any BackgroundWork
    public var tokens: SiteTokens
    public var hasher: PasswordHasher
    public var clock: any WallClock
    /// When the process started, for `/health`'s `uptime`.
    public var startedAt: ContinuousClock.Instant

    public init(
        config: AppConfig, storeKind: StoreKind, repositories: Repositories, directory: any TrackmaniaDirectory,
        exchange: any ExchangeMaps, leaderboards: any TrackmaniaLeaderboards, background: any BackgroundWork,
        tokens: SiteTokens, hasher: PasswordHasher = PasswordHasher(), clock: any WallClock = SystemClock(),
        startedAt: ContinuousClock.Instant = .now
    ) {
        self.config = config
        self.storeKind = storeKind
        self.repositories = repositories
        self.directory = directory
        self.exchange = exchange
        self.leaderboards = leaderboards
        self.background = background
        self.tokens = tokens
        self.hasher = hasher
        self.clock = clock
        self.startedAt = startedAt
    }
}
