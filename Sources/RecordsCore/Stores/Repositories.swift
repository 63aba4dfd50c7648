/// Every repository the server uses, built once in the composition root over one database.
public struct Repositories: Sendable {
    public var users: any UserRepository
    public var sessions: any SessionRepository
    public var adminConfig: any AdminConfigRepository
    public var rateLimits: any RateLimitRepository
    public var apiTokens: any APITokenRepository
    public var displayNames: any DisplayNameRepository
    public var alerts: any AlertRepository
    public var driverNotifications: any DriverNotificationRepository
    public var mapPositions: any MapPositionRepository
    public var recordBaselines: any RecordBaselineRepository
    public var notificationHistory: any NotificationHistoryRepository
    public var feedback: any FeedbackRepository
    public var dailyDigests: any DailyDigestRepository
    public var dailyRuns: any DailyRunRepository
    public var mapSearchJobs: any MapSearchJobRepository
    public var reports: any ReportRepository
    /// The push ledger (which digest item went to which push channel).
    public var pushDeliveries: any PushDeliveryRepository
    public var locks: any NamedLock
    public var preferences: any PreferenceRepository
    public var pushChannels: any PushChannelRepository
    /// Address confirmation, password resets and the self-help mail queue.
    public var selfHelp: any SelfHelpRepository
    /// A user's recent news with its freshness (`GET /api/v1/users/news`).
    public var news: any NewsRepository
    /// The live watcher's lease (one watching instance at a time).
    public var watchLeases: any WatchLeaseRepository

    public init(
        users: any UserRepository,
        sessions: any SessionRepository,
        adminConfig: any AdminConfigRepository,
        rateLimits: any RateLimitRepository,
        apiTokens: any APITokenRepository,
        displayNames: any DisplayNameRepository,
        alerts: any AlertRepository,
        driverNotifications: any DriverNotificationRepository,
        mapPositions: any MapPositionRepository,
        recordBaselines: any RecordBaselineRepository,
        notificationHistory: any NotificationHistoryRepository,
        feedback: any FeedbackRepository,
        dailyDigests: any DailyDigestRepository,
        dailyRuns: any DailyRunRepository,
        mapSearchJobs: any MapSearchJobRepository,
        reports: any ReportRepository,
        pushDeliveries: any PushDeliveryRepository,
        locks: any NamedLock,
        preferences: any PreferenceRepository,
        pushChannels: any PushChannelRepository,
        selfHelp: any SelfHelpRepository,
        news: any NewsRepository,
        watchLeases: any WatchLeaseRepository
    ) {
        self.users = users
        self.sessions = sessions
        self.adminConfig = adminConfig
        self.rateLimits = rateLimits
        self.apiTokens = apiTokens
        self.displayNames = displayNames
        self.alerts = alerts
        self.driverNotifications = driverNotifications
        self.mapPositions = mapPositions
        self.recordBaselines = recordBaselines
        self.notificationHistory = notificationHistory
        self.feedback = feedback
        self.dailyDigests = dailyDigests
        self.dailyRuns = dailyRuns
        self.mapSearchJobs = mapSearchJobs
        self.reports = reports
        self.pushDeliveries = pushDeliveries
        self.locks = locks
        self.preferences = preferences
        self.pushChannels = pushChannels
        self.selfHelp = selfHelp
        self.news = news
        self.watchLeases = watchLeases
    }
}
