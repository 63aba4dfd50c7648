import Foundation
import HandlerKit
import Logging
import Mailer
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
    /// Whether the database answers, for `/health/ready`.
    public var readiness: any ReadinessProbe
    /// When the process started, for `/health`'s `uptime`.
    public var startedAt: ContinuousClock.Instant
    /// Delivers email (SMTP or the file outbox, from ``AppConfig/mail``).
    public var mailer: any MailSender
    /// The daily run behind the cron routes; `nil` leaves them out.
    public var dailyRun: (any DailyRunControl)?
    /// The watching routes' Trackmania clients, map-search worker and background work.
    public var watching: WatchingServices
    /// The metrics registry and recorder (off unless `METRICS_TOKEN` or `METRICS_PORT` is set).
    public var metrics: AppMetrics
    /// Signs and checks the preference links (`AppConfig+Preferences.swift`); `nil` leaves the page out.
    public var preferenceLinks: PreferenceLinks?
    /// Posts to Discord webhooks and ntfy topics (the daily run's push phase, the preference page's
    /// tests); `nil`: the page says push delivery is not configured.
    public var pushTransport: (any PushTransport)?
    /// Queues and sends the self-help mails (fresh links, password resets, address confirmation);
    /// `nil` leaves the self-help pages out (`AppConfig+SelfHelp.swift`).
    public var selfHelp: SelfHelpOutbox?
    /// Where new map-search jobs are announced beyond the database queue (SQS with
    /// `MAP_SEARCH_QUEUE_URL`); `nil` wakes this instance's worker.
    public var mapSearchQueue: (any MapSearchJobQueue)? = nil

    /// Every collaborator the routes need is a parameter without default (`nil` where a feature is
    /// off is spelled out), so a composition root cannot forget one; only the hasher's cost, the clock,
    /// the start time, the daily run and the self-help mail have defaults.
    public init(
        config: AppConfig, storeKind: StoreKind, repositories: Repositories, directory: any TrackmaniaDirectory,
        tokens: SiteTokens, readiness: any ReadinessProbe, mailer: any MailSender, watching: WatchingServices,
        metrics: AppMetrics, preferenceLinks: PreferenceLinks?, pushTransport: (any PushTransport)?,
        hasher: PasswordHasher = PasswordHasher(),
        clock: any WallClock = SystemClock(), startedAt: ContinuousClock.Instant = .now,
        dailyRun: (any DailyRunControl)? = nil, selfHelp: SelfHelpOutbox? = nil
    ) {
        self.config = config
        self.storeKind = storeKind
        self.repositories = repositories
        self.directory = directory
        self.tokens = tokens
        self.hasher = hasher
        self.clock = clock
        self.readiness = readiness
        self.startedAt = startedAt
        self.mailer = mailer
        self.dailyRun = dailyRun
        self.watching = watching
        self.metrics = metrics
        self.preferenceLinks = preferenceLinks
        self.pushTransport = pushTransport
        self.selfHelp = selfHelp
    }
}
