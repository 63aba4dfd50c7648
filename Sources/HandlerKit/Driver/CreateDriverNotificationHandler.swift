import Foundation
import RecordsCore

/// `POST /api/v1/driver/notifications` (R20): watches the caller's own top-5 position on a map.
///
/// Order: input, Trackmania identity, duplicate (409 before any upstream call), rate limit, then the
/// position check against the map's world top 5. The limit guards the Trackmania read, so only
/// attempts that reach it count: a typo, a missing Trackmania name or a double click costs nothing. The map name is stored as given: no HTML escaping
/// (the frontend escapes when it renders) and no SQL-word blacklist ("Drop Zone" is a fine name).
public struct CreateDriverNotificationHandler: Handler {
    private let notifications: any DriverNotificationRepository
    private let leaderboards: any TrackmaniaLeaderboards
    private let limiter: RequestLimiter

    static let duplicateMessage = "Notification already exists for this map"

    public init(
        notifications: any DriverNotificationRepository, leaderboards: any TrackmaniaLeaderboards,
        limiter: RequestLimiter
    ) {
        self.notifications = notifications
        self.leaderboards = leaderboards
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let mapUid = try Self.mapUid(context.body)
        let mapName = try Self.mapName(context.body)
        guard let accountId = caller.user.tmAccountId, !accountId.isEmpty,
            let tmUsername = caller.user.tmUsername, !tmUsername.isEmpty
        else {
            throw HandlerError(
                400, "Please set your Trackmania username first before creating notifications",
                extra: ["requiresTmUsername": true])
        }
        let existing = try await notifications.notifications(userId: caller.userId)
        if existing.contains(where: { $0.mapUid == mapUid }) { throw HandlerError(409, Self.duplicateMessage) }
        try await limiter.consume(.createDriverNotification, key: String(caller.userId), now: context.clock.now)

        let record = try await position(of: accountId, on: mapUid)
        let created: DriverNotification
        do {
            created = try await notifications.create(
                NewDriverNotification(
                    userId: caller.userId, mapUid: mapUid, mapName: mapName, position: record.position,
                    personalBest: record.score),
                now: context.clock.now)
        } catch StoreError.uniqueViolation {
            // A double click that passed the check above at the same moment.
            throw HandlerError(409, Self.duplicateMessage)
        }
        return .json(
            200,
            [
                "success": true, "msg": "Driver notification created successfully",
                "position": .int(created.currentPosition), "personalBest": .int(created.personalBest),
                "personalBestFormatted": .string(RecordTime.format(created.personalBest)),
            ] as JSONValue)
    }

    /// The driver's record in the map's world top 5, or the original's 400 reasons.
    private func position(of accountId: String, on mapUid: String) async throws -> LeaderboardRecord {
        let top: LeaderboardTop
        do {
            top = try await leaderboards.top(mapUid: mapUid, onlyWorld: true, length: 5, offset: 0)
        } catch TrackmaniaError.notFound {
            throw Self.refusal("Map not found or not accessible")
        } catch TrackmaniaError.timeout {
            throw Self.refusal("API request timed out - please try again")
        } catch TrackmaniaError.unauthorized {
            throw Self.refusal("Authentication failed with Trackmania API")
        }
        let records = top.worldRecords
        guard !records.isEmpty else { throw Self.refusal("No leaderboard data available for this map") }
        guard let mine = records.first(where: { $0.accountId == accountId }) else {
            throw Self.refusal("User not found in top 5 positions on this map")
        }
        return mine
    }

    static func refusal(_ reason: String) -> HandlerError {
        HandlerError.badRequest("Cannot create notification: \(reason)")
    }

    /// `mapUid`: 1 to 100 characters of `[A-Za-z0-9_-]` (refused, not silently stripped as the original did).
    static func mapUid(_ body: RequestBody) throws -> String {
        guard case .string(let raw)? = body["mapUid"] else {
            if body["mapUid"] == nil || body["mapUid"] == .null {
                throw HandlerError.badRequest("Required field missing")
            }
            throw HandlerError.badRequest("Invalid mapUid format")
        }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard WatchingInput.isMapUid(value) else { throw HandlerError.badRequest("Invalid mapUid format") }
        return value
    }

    /// `mapName`: trimmed, 1 to 500 characters, no control characters, stored as typed.
    static func mapName(_ body: RequestBody) throws -> String {
        guard case .string(let raw)? = body["mapName"] else {
            if body["mapName"] == nil || body["mapName"] == .null {
                throw HandlerError.badRequest("Required field missing")
            }
            throw HandlerError.badRequest("Invalid string format")
        }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard value.count <= 500, !WatchingInput.hasControlCharacters(value) else {
            throw HandlerError.badRequest("Invalid string format")
        }
        return value
    }
}
