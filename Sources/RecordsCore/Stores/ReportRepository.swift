import Foundation

/// Read-only aggregates over several tables for the admin and stats routes.
public protocol ReportRepository: Sendable {
    /// One line per user with their most recent alert, newest user first (R24).
    func adminUserSummaries() async throws -> [AdminUserSummary]

    /// The public counters (R32).
    func siteStats() async throws -> SiteStats
}
