import Foundation
import Logging

/// The one display-name look-up of the daily run, for the email digests and the push posts alike:
/// fresh cached names and ids remembered as unknown cost nothing, the rest is asked of the
/// directory at once; when the directory fails, cached names of any age answer.
struct DisplayNameLookup: Sendable {
    var cache: any DisplayNameRepository
    var directory: any TrackmaniaDirectory
    var clock: any WallClock
    /// How long a cached name is trusted (the Trackmania setting), to count the calls names cost.
    var lifetime: TimeInterval

    init(context: DailyRunContext) {
        cache = context.repositories.displayNames
        directory = context.services.directory
        clock = context.clock
        lifetime = context.settings.displayNameLifetime
    }

    /// Names for `ids`, counting the directory calls they cost in `report.trackmaniaCalls`.
    /// - Parameter purpose: What the names are for (`email`, `push`), for the log only.
    /// - Throws: Store failures of the fallback read.
    func names(for ids: Set<String>, purpose: String, report: inout DailyRunReport, log: Logger) async throws
        -> [String: String]
    {
        guard !ids.isEmpty else { return [:] }
        let ids = ids.sorted()
        let fresh = clock.now.addingTimeInterval(-lifetime)
        let cached = try await cache.displayNames(accountIds: ids, freshSince: fresh)
        // Ids the OAuth API did not know are remembered too and cost no call either.
        let unknown = ids.count - cached.count - (try await cache.unknownIds(accountIds: ids, freshSince: fresh)).count
        // The cache covers every id: the directory would answer the same names from it.
        guard unknown > 0 else { return cached }
        report.trackmaniaCalls += (unknown + 49) / 50
        do {
            return try await directory.displayNames(accountIds: ids)
        } catch {
            // Better stale names than none: any cached name, whatever its age.
            log.warning("display names unavailable; cached names are used", metadata: ["for": .string(purpose)])
            return try await cache.displayNames(accountIds: ids, freshSince: .distantPast)
        }
    }
}
