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
    public var tokens: SiteTokens
    public var hasher: PasswordHasher
    public var clock: any WallClock
    /// When the process started, for `/health`'s `uptime`.
    public var startedAt: ContinuousClock.Instant
    /// The watching routes' Trackmania clients, map-search worker and background work.
    public var watching: WatchingServices

    public init(
        config: AppConfig, storeKind: StoreKind, repositories: Repositories, directory: any TrackmaniaDirectory,
        tokens: SiteTokens, hasher: PasswordHasher = PasswordHasher(), clock: any WallClock = SystemClock(),
        startedAt: ContinuousClock.Instant = .now, watching: WatchingServices
    ) {
        self.config = config
        self.storeKind = storeKind
        self.repositories = repositories
        self.directory = directory
        self.tokens = tokens
        self.hasher = hasher
        self.clock = clock
        self.startedAt = startedAt
        self.watching = watching
    }
}
