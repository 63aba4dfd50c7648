import Foundation

/// What one driver notification's check decided: the state to store and the change to report, if any.
public struct DriverCheck: Sendable, Equatable {
    public var position: Int
    public var personalBest: Int
    public var status: DriverNotificationStatus
    public var change: DriverChangePayload?

    /// Compares a watched (driver, map) with the map's current top.
    ///
    /// - A new personal best (a real score below the stored one; −1 never counts) is `improved`, once:
    ///   the stored best moves with it, so the next run does not report it again.
    /// - A worse position without a new best is `beaten`, naming the accounts now ahead whose records are
    ///   newer than the previous check.
    /// - Missing from the top while the stored position was inside it is `outOfRange`, said once (the
    ///   stored position moves past the range).
    /// - Anything else stores the observed position silently.
    /// - Parameters:
    ///   - notification: The stored state.
    ///   - accountId: The driver's Trackmania account.
    ///   - top: The map's world top as read by this run.
    ///   - range: The depth read.
    ///   - now: When the run looked.
    public static func evaluate(
        _ notification: DriverNotification, accountId: String, top: [LeaderboardRecord], range: Int, now: Date
    ) -> DriverCheck {
        let detectedAt = Int(now.timeIntervalSince1970)
        func status(_ position: Int) -> DriverNotificationStatus { position > 5 ? .inactive : .active }
        guard let mine = top.first(where: { $0.accountId == accountId }) else {
            guard notification.currentPosition <= range else {
                return DriverCheck(
                    position: notification.currentPosition, personalBest: notification.personalBest,
                    status: .inactive, change: nil)
            }
            let change = DriverChangePayload(
                kind: .outOfRange, mapUid: notification.mapUid, mapName: notification.mapName,
                oldPosition: notification.currentPosition, newPosition: nil, oldScore: notification.personalBest,
                newScore: nil, passedBy: [], range: range, detectedAt: detectedAt)
            return DriverCheck(
                position: range + 1, personalBest: notification.personalBest, status: .inactive, change: change)
        }
        let stored = notification.personalBest
        let improved = mine.score > 0 && (stored <= 0 || mine.score < stored)
        if improved {
            let change = DriverChangePayload(
                kind: .improved, mapUid: notification.mapUid, mapName: notification.mapName,
                oldPosition: notification.currentPosition, newPosition: mine.position, oldScore: stored,
                newScore: mine.score, passedBy: [], range: range, detectedAt: detectedAt)
            return DriverCheck(
                position: mine.position, personalBest: mine.score, status: status(mine.position), change: change)
        }
        if mine.position > notification.currentPosition {
            let since = Int(notification.lastChecked.timeIntervalSince1970)
            let passers = top.filter {
                $0.position < mine.position && $0.accountId != accountId && $0.timestamp > since
            }.prefix(5)
            let change = DriverChangePayload(
                kind: .beaten, mapUid: notification.mapUid, mapName: notification.mapName,
                oldPosition: notification.currentPosition, newPosition: mine.position, oldScore: stored,
                newScore: mine.score, passedBy: passers.map(\.accountId), range: range, detectedAt: detectedAt,
                passedByScores: passers.map(\.score))
            return DriverCheck(
                position: mine.position, personalBest: stored, status: status(mine.position), change: change)
        }
        return DriverCheck(position: mine.position, personalBest: stored, status: status(mine.position), change: nil)
    }
}
