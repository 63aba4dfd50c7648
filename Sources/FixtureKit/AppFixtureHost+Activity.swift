import Foundation
import HandlerKit
import RecordsApp
import RecordsCore

extension AppFixtureHost {
    /// Creates the setup's activity rows through the repositories, for users created by the same setup
    /// (referred to by `username`). Days are given as `daysAgo` (UTC days before today), so history
    /// fixtures stay valid whatever day they run.
    static func seedActivity(
        _ activity: [String: [JSONObject]], users: [String: User], into deps: AppDependencies
    ) async throws {
        let repos = deps.repositories
        let now = deps.clock.now
        func user(_ row: JSONObject, _ key: String) throws -> User {
            guard let name = row["username"]?.stringValue, let user = users[name] else {
                throw Fixture.FormatError(description: "setup.\(key) rows need the username of a setup user")
            }
            return user
        }
        func int(_ row: JSONObject, _ field: String, default value: Int) -> Int {
            row[field]?.numberValue.map { Int($0) } ?? value
        }
        for row in activity["alerts"] ?? [] {
            let owner = try user(row, "alerts")
            let alert = try await repos.alerts.create(
                NewAlert(
                    userId: owner.id, username: owner.username ?? "", email: owner.email,
                    alertType: row["alertType"]?.stringValue.flatMap(AlertType.init(rawValue:)) ?? .accurate,
                    mapCount: int(row, "mapCount", default: 0),
                    recordFilter: row["recordFilter"]?.stringValue.flatMap(RecordFilter.init(rawValue:)) ?? .top5),
                now: now)
            let maps = (row["maps"]?.arrayValue ?? []).compactMap(\.stringValue)
            _ = try await repos.alerts.addMaps(alertId: alert.id, mapUids: maps)
        }
        let baselines = (activity["mapPositions"] ?? []).compactMap {
            row -> (mapUid: String, position: Int, score: Int)? in
            guard let uid = row["mapUid"]?.stringValue else { return nil }
            return (uid, int(row, "position", default: 1), int(row, "score", default: 9_999_999))
        }
        _ = try await repos.mapPositions.insertBaselines(baselines, now: now)
        for row in activity["driverNotifications"] ?? [] {
            let owner = try user(row, "driverNotifications")
            _ = try await repos.driverNotifications.create(
                NewDriverNotification(
                    userId: owner.id, mapUid: row["mapUid"]?.stringValue ?? "map-\(UUID().uuidString)",
                    mapName: row["mapName"]?.stringValue ?? "Map", position: int(row, "position", default: 1),
                    personalBest: int(row, "personalBest", default: 60_000)),
                now: now)
        }
        for row in activity["notificationHistory"] ?? [] {
            let owner = try user(row, "notificationHistory")
            guard let kind = row["type"]?.stringValue.flatMap(NotificationKind.init(rawValue:)),
                let status = row["status"]?.stringValue.flatMap(NotificationOutcome.init(rawValue:))
            else { throw Fixture.FormatError(description: "setup.notificationHistory rows need type and status") }
            _ = try await repos.notificationHistory.record(
                NewNotificationHistoryEntry(
                    userId: owner.id, username: owner.username ?? "", kind: kind, status: status,
                    message: row["message"]?.stringValue, recordsFound: int(row, "recordsFound", default: 0),
                    processingDate: UTCDays.day(now, minus: int(row, "daysAgo", default: 0))),
                now: now)
        }
        for row in activity["feedback"] ?? [] {
            let owner = try user(row, "feedback")
            for _ in 0..<max(1, int(row, "repeat", default: 1)) {
                _ = try await repos.feedback.submit(
                    NewFeedback(
                        userId: owner.id, username: owner.username ?? "",
                        message: row["message"]?.stringValue ?? "note",
                        type: row["type"]?.stringValue ?? "general"),
                    maxUnread: .max, now: now)
            }
        }
        for row in activity["preferences"] ?? [] {
            let owner = try user(row, "preferences")
            try await repos.preferences.save(
                userId: owner.id, digestPaused: row["digestPaused"] == .bool(true),
                timeZone: row["timeZone"]?.stringValue ?? "UTC",
                emailNews: NewsKinds(rawValue: int(row, "emailNews", default: NewsKinds.all.rawValue)), now: now)
        }
        for row in activity["pushChannels"] ?? [] {
            let owner = try user(row, "pushChannels")
            guard let kind = row["kind"]?.stringValue.flatMap(PushChannelKind.init(rawValue:)),
                let target = row["target"]?.stringValue
            else { throw Fixture.FormatError(description: "setup.pushChannels rows need kind and target") }
            // Seeded rows are the fixture's world as written: no channel limit applies.
            guard
                let channel = try await repos.pushChannels.add(
                    userId: owner.id, kind: kind, target: target, accessToken: row["accessToken"]?.stringValue,
                    news: NewsKinds(rawValue: int(row, "news", default: NewsKinds.all.rawValue)), maxPerKind: .max,
                    now: now)
            else { throw Fixture.FormatError(description: "setup.pushChannels row not stored") }
            if let reason = row["disabledReason"]?.stringValue {
                try await repos.pushChannels.disable(channelId: channel.id, reason: reason, now: now)
            }
        }
    }
}
