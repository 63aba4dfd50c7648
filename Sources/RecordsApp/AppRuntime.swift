import AsyncHTTPClient
import Crypto
import DemoWorld
import Foundation
import HandlerKit
import Logging
import Push
import RecordsCore
import Storage
import TrackmaniaAPI

/// The opened long-lived parts of the server: the database, the Trackmania clients (with the
/// in-process demo world when no credentials are configured) and the route table's dependencies.
public struct AppRuntime: Sendable {
    public let database: Database
    public let trackmania: TrackmaniaServices
    /// The demo Trackmania world, when the server runs without credentials.
    public let demoTrackmania: DemoTrackmania?
    public let dependencies: AppDependencies
    /// Posts to Discord and ntfy (its HTTP client is closed by ``close()``).
    public var push: HTTPPushTransport?
    /// The live watcher (`WATCH_MODE=live`), run by `serve` and `recordsw watch`; `nil` in `daily` mode.
    public var liveWatch: LiveWatchService?

    /// Opens everything `config` describes.
    /// - Parameters:
    ///   - config: The configuration.
    ///   - logger: The root logger.
    ///   - hasher: Password hashing (tests use a lower cost).
    /// - Throws: ``AppConfig/Invalid`` for unusable settings; database or bind errors.
    ///   - mailer: Delivers the daily digests; `nil` builds the one ``AppConfig/mail`` describes (SMTP or the outbox).
    public static func open(
        config: AppConfig, logger: Logger, hasher: PasswordHasher = PasswordHasher(), mailer: (any MailSender)? = nil
    ) async throws -> AppRuntime {
        let metrics = AppMetrics(enabled: config.metrics.isEnabled)
        let database = try await Database.open(
            config.database, logger: logger, metrics: metrics.recorder,
            statementTimeout: config.deadlines.statementTimeout)
        do {
            return try await open(
                config: config, database: database, logger: logger, hasher: hasher, mailer: mailer, metrics: metrics)
        } catch {
            // Nothing may stay open when start-up fails (an open SQLite connection must be closed).
            try? await database.shutdown()
            throw error
        }
    }

    private static func open(
        config: AppConfig, database: Database, logger: Logger, hasher: PasswordHasher, mailer: (any MailSender)?,
        metrics: AppMetrics
    ) async throws -> AppRuntime {
        // One memory of recent session checks for every user of sessions, so each logout through
        // this instance forgets what the authenticator remembers.
        var repositories = database.repositories
        repositories.sessions = RecentSessionChecks(
            base: repositories.sessions, maximumAge: config.security.sessionCheckReuse)
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

        // Without credentials the clients talk to the demo world, so `make run` works for a newcomer.
        let demo: DemoTrackmania? =
            if config.trackmania.hasCredentials { nil } else {
                try await startDemo(config.trackmania, anchor: config.demoWorldAnchor, logger: logger)
            }
        let tmConfig = demo?.configuration ?? config.trackmania
        let trackmania = TrackmaniaServices(
            configuration: tmConfig, httpClient: HTTPClient.shared, tokens: repositories.apiTokens,
            displayNames: repositories.displayNames,
            // Several instances share one PostgreSQL database, and so one Trackmania pace.
            sharedPace: database.kind == .postgres ? database.trackmaniaPace : nil, logger: logger,
            metrics: metrics.recorder)
        let mailer = mailer ?? config.mail.makeMailer(logger: logger)
        let preferenceLinks = config.preferences.links(jwtSecret: secret)
        // Created last among what may fail, so its HTTP client never outlives a failed start-up unclosed.
        let push = HTTPPushTransport(configuration: config.push.transport, logger: logger)
        let dailyRun = dailyRunCoordinator(
            config: config, repositories: repositories, trackmania: trackmania, mailer: mailer, logger: logger,
            preferenceLinks: preferenceLinks, push: push, metrics: metrics.recorder)
        let watching = WatchingServices(
            repositories: repositories, directory: trackmania.directory,
            leaderboards: trackmania.leaderboards, exchange: trackmania.exchange, clock: SystemClock(), logger: logger,
            metrics: metrics.recorder,
            inaccurateThreshold: config.dailyRun.inaccurateThreshold,
            // The worker's share of the pace; on PostgreSQL its own lane, so the share holds for the
            // deployment, not per instance.
            mapSearchPace: TrackmaniaRateLimiter(
                requestsPerSecond: config.mapSearch.workerRequestsPerSecond(of: tmConfig.requestsPerSecond),
                shared: database.kind == .postgres ? database.trackmaniaPace : nil,
                lane: TrackmaniaRateLimiter.mapSearchLane, logger: logger))
        let selfHelp = SelfHelpOutbox(
            mailer: SelfHelpMailer(
                repository: repositories.selfHelp, users: repositories.users, preferences: repositories.preferences,
                mailer: mailer, links: SelfHelpConfig.links(preferences: config.preferences, jwtSecret: secret),
                preferenceLinks: preferenceLinks, confirmationRequired: config.selfHelp.emailConfirmation,
                clock: SystemClock(), logger: logger),
            background: watching.background)
        var deps = AppDependencies(
            config: config, storeKind: database.kind, repositories: repositories,
            directory: trackmania.directory, tokens: SiteTokens(secret: secret), readiness: database,
            mailer: mailer, watching: watching, metrics: metrics, preferenceLinks: preferenceLinks,
            pushTransport: push, hasher: hasher, dailyRun: dailyRun, selfHelp: selfHelp)
        deps.mapSearchQueue = config.aws.mapSearchQueue.map { SQSMapSearchQueue($0, logger: logger) }
        let liveWatch: LiveWatchService? =
            config.watch.mode == .live
            ? LiveWatchService.make(
                config: config, database: database, repositories: repositories, trackmania: trackmania,
                runner: dailyRun.runner, logger: logger, metrics: metrics.recorder)
            : nil
        return AppRuntime(
            database: database, trackmania: trackmania, demoTrackmania: demo, dependencies: deps, push: push,
            liveWatch: liveWatch)
    }

    /// The daily run over the opened store and Trackmania clients.
    static func dailyRunCoordinator(
        config: AppConfig, repositories: Repositories, trackmania: TrackmaniaServices, mailer: any MailSender,
        logger: Logger, preferenceLinks: PreferenceLinks?, push: (any PushTransport)?, metrics: RecordsMetrics
    ) -> DailyRunCoordinator {
        let lifetime = TimeInterval(config.trackmania.displayNameLifetime.components.seconds)
        var settings = config.dailyRun.settings(displayNameLifetime: lifetime)
        settings.push = config.push.settings
        settings.emailConfirmation = config.selfHelp.emailConfirmation
        // While a live watcher holds the lease, the daily run leaves it the maps it checked within the floor.
        if config.watch.mode == .live { settings.skipCheckedWithin = config.watch.settings.maxStaleness }
        let runner = DailyRunner(
            repositories: repositories,
            services: DailyRunner.Services(
                leaderboards: trackmania.leaderboards, directory: trackmania.directory, exchange: trackmania.exchange,
                mailer: mailer, push: push),
            settings: settings, preferenceLinks: preferenceLinks, clock: SystemClock(), logger: logger)
        return DailyRunCoordinator(
            runner: runner, runs: repositories.dailyRuns, locks: repositories.locks, metrics: metrics)
    }

    /// Stops the demo world and closes the database.
    public func close() async {
        // Background work uses the database and the clients: end it first.
        await dependencies.watching.background.cancelAll()
        await demoTrackmania?.stop()
        try? await push?.shutdown()
        try? await database.shutdown()
    }

    /// Starts the demo world for a server without Trackmania credentials.
    /// - Throws: ``AppConfig/Invalid`` when `TRACKMANIA_DEMO_WORLD` names a missing file; read or bind errors.
    private static func startDemo(_ configured: TrackmaniaConfiguration, anchor: Date?, logger: Logger) async throws
        -> DemoTrackmania
    {
        // Only an explicit TRACKMANIA_DEMO_WORLD can be missing; unset means the world bundled with the binary.
        if let path = configured.demoWorldPath, !FileManager.default.fileExists(atPath: path) {
            throw AppConfig.Invalid(
                description:
                    "the demo Trackmania world \(path) (TRACKMANIA_DEMO_WORLD) was not found: "
                    + "fix or unset TRACKMANIA_DEMO_WORLD, or configure Trackmania credentials")
        }
        return try await DemoTrackmania.start(for: configured, anchor: anchor, logger: logger)
    }
}
