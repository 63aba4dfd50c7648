import Foundation
import HandlerKit
import Logging
import RecordsCore

/// Everything the route table needs, built once in the composition root.
public struct AppDependencies: Sendable {
    public var config: AppConfig
    public var storeKind: StoreKind
    public var clock: any WallClock
    /// When the process started, for `/health`'s `uptime`.
    public var startedAt: ContinuousClock.Instant

    public init(
        config: AppConfig, storeKind: StoreKind, clock: any WallClock = SystemClock(),
        startedAt: ContinuousClock.Instant = .now
    ) {
        self.config = config
        self.storeKind = storeKind
        self.clock = clock
        self.startedAt = startedAt
    }
}
