import Foundation
import Logging
import TrackmaniaAPI

/// Every setting of the server, read once at start-up from the environment and an optional
/// `.env` file (the environment wins). Names are the original's where it had one.
public struct AppConfig: Sendable {
    /// Where the data lives.
    public enum DatabaseSetting: Sendable, Equatable {
        /// `NEON_DB_CONNECTION_STRING` or `DATABASE_URL`; `PG_PREPARED_STATEMENTS` (default on) lets
        /// the hottest queries run as named prepared statements, planned once per connection. Turn it
        /// off behind a transaction pooler that cannot carry them.
        case postgres(url: String, preparedStatements: Bool)
        /// The embedded default: a SQLite file.
        case sqlite(path: String)
    }

    /// `HOST` (default `0.0.0.0`).
    public var host: String
    /// `PORT` (default 3000).
    public var port: Int
    public var database: DatabaseSetting
    /// `JWT_SECRET`; `nil` only in the embedded demo, where `serve` generates an ephemeral one.
    public var jwtSecret: String?
    /// The file the embedded default's generated secret came from, when `JWT_SECRET` is unset
    /// (see ``adoptEmbeddedState(now:)``).
    public var generatedSecretFile: String?
    /// When the demo world's relative record ages count from; `nil` counts from each start.
    public var demoWorldAnchor: Date?
    /// `CRON_SECRET`; unset makes the cron route refuse every call, as the original.
    public var cronSecret: String?
    /// `ALLOWED_ORIGIN`, comma-separated; unset allows any origin.
    public var allowedOrigin: String?
    /// `NODE_ENV`, echoed by `/health` (default `development`).
    public var environmentName: String
    /// `LOG_LEVEL` (default `info`).
    public var logLevel: Logger.Level
    /// `TRUSTED_PROXY_HOPS`: at most this many forwarded entries are believed, each only from a
    /// trusted proxy (default 1, as the original).
    public var trustedProxyHops: Int
    /// Where mail goes (SMTP or the file outbox).
    public var mail: MailConfig
    /// The daily run's settings (`AppConfig+DailyRun.swift`).
    public var dailyRun: DailyRunConfig
    /// The Trackmania settings, read through the same reader (`AppConfig+Trackmania.swift`).
    public var trackmania: TrackmaniaConfiguration
    /// Trusted proxies, connection limits, session idle time (see `AppConfig+Security.swift`).
    public var security: Security
    /// The database statement deadline and the shutdown drain (see `AppConfig+Deadlines.swift`).
    public var deadlines: Deadlines
    /// Where `/metrics` is served (`AppConfig+Metrics.swift`).
    public var metrics: MetricsConfig
    /// The preference links and page (`AppConfig+Preferences.swift`).
    public var preferences: PreferencesConfig
    /// Discord and ntfy delivery (`AppConfig+Push.swift`).
    public var push: PushConfig
    /// The map-search queue's bounds and Trackmania share (`AppConfig+MapSearch.swift`).
    public var mapSearch: MapSearchConfig
    /// Fresh links, password resets, address confirmation (`AppConfig+SelfHelp.swift`).
    public var selfHelp: SelfHelpConfig
    /// The live watcher (`AppConfig+Watching.swift`).
    public var watch: WatchConfig
    /// The AWS deployment: the map-search queue and the scheduled slices (`AppConfig+AWS.swift`).
    public var aws: AWSConfig
    /// `FRONTEND_DIR`: a built single-page app served from the API's origin (docs/frontend.md).
    public var frontendDirectory: String?
    /// `STATS_CACHE_SECONDS` (default 10, 0 reads every time): how long `/api/v1/stats` reuses its counters.
    public var statsMaxAge: Duration

    /// Why a configuration cannot be used.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String

        /// - Parameter description: One line naming the setting and what it must be.
        public init(description: String) { self.description = description }
    }

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - dotEnv: Values from `.env`, overridden by `environment`.
    /// - Throws: ``Invalid`` naming the first bad setting.
    public init(environment: [String: String], dotEnv: [String: String] = [:]) throws {
        let reader = ConfigReader(environment: environment, dotEnv: dotEnv)
        host = reader.value("HOST") ?? "0.0.0.0"
        port = try reader.integer("PORT", default: 3000, range: 0...65535)
        // Checked even without a database URL, so a typo is reported before it matters.
        let preparedStatements = try reader.flag("PG_PREPARED_STATEMENTS", default: true)
        if let url = reader.value("NEON_DB_CONNECTION_STRING") ?? reader.value("DATABASE_URL") {
            database = .postgres(url: url, preparedStatements: preparedStatements)
        } else {
            database = .sqlite(path: reader.value("SQLITE_PATH") ?? "var/recordsw.sqlite")
        }
        jwtSecret = reader.value("JWT_SECRET")
        cronSecret = reader.value("CRON_SECRET")
        allowedOrigin = reader.value("ALLOWED_ORIGIN")
        frontendDirectory = reader.value("FRONTEND_DIR")
        environmentName = reader.value("NODE_ENV") ?? "development"
        trustedProxyHops = try reader.integer("TRUSTED_PROXY_HOPS", default: 1, range: 0...16)
        dailyRun = try DailyRunConfig(reader: reader)
        trackmania = try TrackmaniaConfiguration.read(reader)
        security = try Security(reader: reader)
        deadlines = try Deadlines(reader: reader)
        statsMaxAge = .seconds(try reader.integer("STATS_CACHE_SECONDS", default: 10, range: 0...3600))
        if let level = reader.value("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw Invalid(
                    description: "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = parsed
        } else {
            logLevel = .info
        }
        mail = try MailConfig(reader)
        metrics = try MetricsConfig(reader)
        preferences = try PreferencesConfig(reader, port: port)
        push = try PushConfig(reader)
        mapSearch = try MapSearchConfig(reader)
        selfHelp = try SelfHelpConfig(reader)
        watch = try WatchConfig(reader, trackmaniaRate: trackmania.requestsPerSecond)
        aws = try AWSConfig(reader)
    }

    /// Whether this is the embedded demo set-up (no external database configured).
    public var isEmbedded: Bool {
        if case .sqlite = database { return true }
        return false
    }

    /// Checks the secrets `serve` needs: with PostgreSQL (production) `JWT_SECRET` is required.
    /// - Throws: ``Invalid`` with one line naming the missing secret.
    public func validateForServing() throws {
        if !isEmbedded && jwtSecret == nil {
            throw Invalid(description: "JWT_SECRET is required when a database URL is configured")
        }
        try security.validate(jwtSecret: jwtSecret, cronSecret: cronSecret)
    }
}
