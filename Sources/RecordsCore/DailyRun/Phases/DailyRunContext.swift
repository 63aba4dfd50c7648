import Foundation
import Logging

/// What every phase of one run shares: the stores, the services, the knobs, the run's clock and log,
/// and where it resumes from.
struct DailyRunContext: Sendable {
    var repositories: Repositories
    var services: DailyRunner.Services
    var settings: DailyRunSettings
    var preferenceLinks: PreferenceLinks?
    var clock: any WallClock
    /// The runner's logger with the run id attached.
    var log: Logger
    var checkpoint: @Sendable (DailyRunCheckpoint) async throws -> Void
    /// When an earlier, unfinished run began: what was checked since then is not checked again.
    var resumeSince: Date?
    /// The UTC day the run began, under which its `notification_history` rows are filed.
    var day: String

    /// Maps and driver notifications checked at or after this are not checked again: since the
    /// unfinished run this one resumes began, or within the floor while the live watcher checks them
    /// (``DailyRunSettings/skipCheckedWithin``).
    var skipCheckedSince: Date? {
        let floor = settings.skipCheckedWithin.map { clock.now.addingTimeInterval(-$0) }
        switch (resumeSince, floor) {
        case (let resumed?, let floor?): return max(resumed, floor)
        case (let resumed?, nil): return resumed
        case (nil, let floor?): return floor
        case (nil, nil): return nil
        }
    }

    /// Writes the `notification_history` row of a user whose check failed or found nothing.
    func history(_ userId: Int, _ username: String, _ kind: NotificationKind, _ status: NotificationOutcome)
        async throws
    {
        let message: String? =
            switch status {
            case .technicalError: "Technical issue. Job not completed: Trackmania services unavailable"
            case .noNewTimes: "No new times"
            default: nil
            }
        _ = try await repositories.notificationHistory.record(
            NewNotificationHistoryEntry(
                userId: userId, username: username, kind: kind, status: status, message: message, recordsFound: 0,
                processingDate: day), now: clock.now)
    }

    /// Runs a keyed look-up over `keys` in slices, so no statement binds thousands of values.
    static func chunked<V>(_ keys: [String], _ body: ([String]) async throws -> [String: V]) async throws
        -> [String: V]
    {
        var result: [String: V] = [:]
        var start = 0
        while start < keys.count {
            let end = min(start + 500, keys.count)
            result.merge(try await body(Array(keys[start..<end]))) { $1 }
            start = end
        }
        return result
    }
}
