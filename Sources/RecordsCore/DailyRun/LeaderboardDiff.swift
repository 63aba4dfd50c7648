import Foundation

/// Change detection by state: what is new on a map since its baselines were taken.
public enum LeaderboardDiff {
    /// One record that is new or improved since the last check.
    public struct Change: Sendable, Equatable {
        public var record: LeaderboardRecord
        /// The account had an older record on the map.
        public var improved: Bool
    }

    /// The records of `current` that changed since `baselines`.
    ///
    /// A record counts as changed when its account is not in the baselines or its timestamp moved
    /// (a new personal best always carries a new timestamp, so this also works behind a secret
    /// threshold where the score reads −1). On a map's first check (`firstCheck`) nothing is
    /// known, so only records driven within `window` before `now` are reported.
    public static func changes(
        current: [LeaderboardRecord], baselines: [RecordBaseline], firstCheck: Bool, now: Date, window: TimeInterval
    ) -> [Change] {
        if firstCheck {
            let since = now.timeIntervalSince1970 - window
            return current.filter { Double($0.timestamp) >= since }.map { Change(record: $0, improved: false) }
        }
        var known: [String: RecordBaseline] = [:]
        for baseline in baselines { known[baseline.accountId] = baseline }
        return current.compactMap { record in
            guard let previous = known[record.accountId] else { return Change(record: record, improved: false) }
            guard Int64(record.timestamp) != previous.recordTimestamp else { return nil }
            return Change(record: record, improved: true)
        }
    }

    /// Whether a record at `position` passes a mapper's filter.
    public static func passes(_ filter: RecordFilter, position: Int) -> Bool {
        switch filter {
        case .top5: position <= 5
        case .wr: position == 1
        case .all: true
        }
    }

    /// The baselines to store after reading `current` on `mapUid`: only rows that differ from
    /// `previous`, so a quiet map costs no writes beyond its check stamp. Accounts that left the top
    /// keep their row (a return with the same record is not news).
    public static func baselines(
        mapUid: String, current: [LeaderboardRecord], previous: [RecordBaseline] = []
    ) -> [RecordBaseline] {
        var known: [String: RecordBaseline] = [:]
        for baseline in previous { known[baseline.accountId] = baseline }
        return current.compactMap {
            let baseline = RecordBaseline(
                mapUid: mapUid, accountId: $0.accountId, position: $0.position, score: $0.score,
                recordTimestamp: Int64($0.timestamp))
            return known[$0.accountId] == baseline ? nil : baseline
        }
    }
}
