import RecordsCore
import Synchronization

/// The landing page's counters, read from the database at most once per ``maximumAge`` on this
/// instance: every visit of the landing page asks for them, and a count a few seconds old is as
/// good as a fresh one there.
public final class SiteStatsCache: Sendable {
    private let reports: any ReportRepository
    /// How long one reading is reused (`STATS_CACHE_SECONDS`); zero reads every time.
    public let maximumAge: Duration
    private let reading = Mutex<(stats: SiteStats, readAt: ContinuousClock.Instant)?>(nil)

    /// - Parameters:
    ///   - reports: Where the counters are read.
    ///   - maximumAge: How long one reading is reused.
    public init(reports: any ReportRepository, maximumAge: Duration) {
        self.reports = reports
        self.maximumAge = maximumAge
    }

    /// The counters, from the last reading when it is recent enough.
    public func current() async throws -> SiteStats {
        let now = ContinuousClock.now
        if maximumAge > .zero, let last = reading.withLock({ $0 }), now - last.readAt < maximumAge {
            return last.stats
        }
        let stats = try await reports.siteStats()
        // Aged from before the read, so a reading is never reused longer than promised.
        if maximumAge > .zero { reading.withLock { $0 = (stats, now) } }
        return stats
    }
}
