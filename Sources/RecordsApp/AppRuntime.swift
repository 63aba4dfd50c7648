import AsyncHTTPClient
import Crypto
import FakeTrackmania
import Foundation
import HandlerKit
import Logging
import RecordsCore
import Storage
import TrackmaniaAPI

/// The opened long-lived parts of the server: the database, the Trackmania clients (with the
/// in-process demo world when no credentials are configured) and the route table's dependencies.
public struct AppRuntime: Sendable {
    public let database: Database
    public let trackmania: TrackmaniaServices
    /// The demo Trackmania world, when the server runs without credentials.
    public let demoTrackmania: RunningFakeTrackmania?
    public let dependencies: AppDependencies
    /// Work started by requests that outlives them; ``close()`` waits for it.
    public let background: BackgroundTasks

    /// Opens everything `config` describes.
    /// - Parameters:
    ///   - config: The configuration.
    ///   - logger: The root logger.
    ///   - hasher: Password hashing (tests use a lower cost).
    /// - Throws: ``AppConfig/Invalid`` for unusable settings; database or bind errors.
    public static func open(config: AppConfig, logger: Logger, hasher: PasswordHasher = PasswordHasher()) async throws
        -> AppRuntime
    {
        let database = try await Database.open(config.database, logger: logger)
        do {
            return try await open(config: config, database: database, logger: logger, hasher: hasher)
        } catch {
            // Nothing may stay open when start-up fails (an open SQLite connection must be closed).
            try? await database.shutdown()
            throw error
        }
    }

    private static func open(
        config: AppConfig, database: Database, logger: Logger, hasher: PasswordHasher
    ) async throws -> AppRuntime {
        if case .sqlite(let path) = config.database {
            logger.notice(
                "no database URL configured: using the embedded SQLite store", metadata: ["path": .string(path)])
        }
        let secret: String
        if let configured = config.jwtSecret {
            secret = configured
        } else {
            secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }).base64EncodedString()
            logger.warning("JWT_SECRET is not set: using an ephemeral secret; sign-ins end when the server stops")
        }

        var tmConfig: TrackmaniaConfiguration
        do {
            tmConfig = try TrackmaniaConfiguration(environment: config.environment)
        } catch {
            throw AppConfig.Invalid(description: "\(error)")
        }
        var demo: RunningFakeTrackmania?
        if !tmConfig.hasCredentials {
            guard FileManager.default.fileExists(atPath: tmConfig.demoWorldPath) else {
                throw AppConfig.Invalid(
                    description:
                        "the demo Trackmania world \(tmConfig.demoWorldPath) was not found: run from the repository root, "
                        + "set TRACKMANIA_DEMO_WORLD, or configure Trackmania credentials")
            }
            let running = try await FakeTrackmaniaServer.startDemo(worldPath: tmConfig.demoWorldPath, logger: logger)
            demo = running
            tmConfig = Self.demoConfiguration(running.baseURL, limitsFrom: tmConfig)
        }
        let trackmania = TrackmaniaServices(
            configuration: tmConfig, httpClient: HTTPClient.shared, tokens: database.repositories.apiTokens,
            displayNames: database.repositories.displayNames, logger: logger)
        let background = BackgroundTasks(logger: logger)
        let deps = AppDependencies(
            config: config, storeKind: database.kind, repositories: database.repositories,
            directory: trackmania.directory, exchange: trackmania.exchange, leaderboards: trackmania.leaderboards,
            background: background, tokens: SiteTokens(secret: secret), hasher: hasher)
        return AppRuntime(
            database: database, trackmania: trackmania, demoTrackmania: demo, dependencies: deps,
            background: background)
    }

    /// Stops the demo world and closes the database.
    public func close() async {
        await background.drain()
        await demoTrackmania?.stop()
        try? await database.shutdown()
    }

    /// The demo world's endpoints with the configured limits, user agent and timeouts.
    static func demoConfiguration(_ baseURL: String, limitsFrom configured: TrackmaniaConfiguration)
        -> TrackmaniaConfiguration
    {
        var demo = TrackmaniaConfiguration.pointingAt(fakeBaseURL: baseURL, userAgent: configured.userAgent)
        demo.requestsPerSecond = configured.requestsPerSecond
        demo.maxConcurrentRequests = configured.maxConcurrentRequests
        demo.requestTimeout = configured.requestTimeout
        demo.maxAttempts = configured.maxAttempts
        demo.retryBaseDelay = configured.retryBaseDelay
        demo.maxRetryAfter = configured.maxRetryAfter
        return demo
    }
}
