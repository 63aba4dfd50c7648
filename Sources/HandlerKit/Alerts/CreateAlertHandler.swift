import Foundation
import Logging
import RecordsCore

/// `POST /api/v1/users/alerts` (R6): creates a mapper alert for the caller's own maps.
///
/// The author's map list is read from Trackmania Exchange while the request waits (one call per 100
/// maps, through the shared rate limiter), so the answer says whether the alert was switched to
/// inaccurate mode (`auto_switched`, which the frontend warns about). If Trackmania cannot be reached,
/// or the listing takes longer than `listingWait` (retries after timeouts can take minutes), the alert
/// is still created and the listing is done in the background; the answer then has no `auto_switched`.
/// The inaccurate-mode baselines are always probed in the background.
///
/// The body is optional: every field has a default (`alert_type` accurate, `record_filter` top5,
/// `MapCount` 0), as in the original, so a request without one creates an accurate top-5 alert.
///
/// Every error body carries `message` beside `msg`: the frontend reads `message`.
public struct CreateAlertHandler: Handler {
    private let alerts: any AlertRepository
    private let sync: AlertMapSync
    private let background: BackgroundWork
    private let limiter: RequestLimiter
    private let listingWait: Duration

    /// - Parameter listingWait: How long the request waits for the TMX listing before leaving it to
    ///   the background.
    public init(
        alerts: any AlertRepository, sync: AlertMapSync, background: BackgroundWork, limiter: RequestLimiter,
        listingWait: Duration = .seconds(10)
    ) {
        self.alerts = alerts
        self.sync = sync
        self.background = background
        self.limiter = limiter
        self.listingWait = listingWait
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        do {
            return try await create(context: context)
        } catch var error as HandlerError {
            error.extra["message"] = .string(error.message)
            throw error
        } catch StoreError.unavailable {
            var error = HandlerError.unavailable
            error.extra["message"] = .string(error.message)
            throw error
        }
    }

    private func create(context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await limiter.consume(.createAlert, key: String(caller.userId), now: context.clock.now)
        let requestedType = try AlertRules.alertType(context.body)
        let sentCount = try AlertRules.mapCount(context.body)
        let filter = try AlertRules.recordFilter(context.body)
        guard let username = caller.user.username, !username.isEmpty else {
            throw HandlerError.badRequest("Your account has no username to watch maps for")
        }

        let alert = try await alerts.create(
            NewAlert(
                userId: caller.userId, username: username, email: caller.user.email, alertType: requestedType,
                mapCount: sentCount, recordFilter: filter),
            now: context.clock.now)

        var body: JSONObject = [
            "success": true, "msg": "Alert created successfully", "alert_id": .int(alert.id),
            "alert_type": .string(alert.alertType.rawValue), "map_count": .int(sentCount),
            "record_filter": .string(filter.rawValue),
        ]
        let sync = self.sync
        // The listing runs as background work: past the deadline the request answers without it and the
        // work carries on (a TMX call that is retrying is not cancelled and repeated).
        let answer = await FirstOutcome<Result<AlertMapListing, any Error>>.race(
            deadline: listingWait, fallback: .failure(TrackmaniaError.timeout), background: background,
            name: "alert-sync"
        ) { outcome in
            let listing: AlertMapListing
            do {
                listing = try await sync.list(alert: alert)
            } catch {
                await outcome.offer(.failure(error))
                // One more try once the request has its answer; the client already retried each call.
                listing = try await sync.list(alert: alert)
            }
            await outcome.offer(.success(listing))
            try await sync.recordMapsAndBaselines(alertId: alert.id, listing: listing)
        }
        switch answer {
        case .success(let listing):
            body["alert_type"] = .string(listing.alertType.rawValue)
            body["map_count"] = .int(listing.mapCount)
            body["auto_switched"] = .bool(listing.autoSwitched)
            if listing.mapCount == 0 {
                // Still created, as the original did (the author may publish later), but a typo in the
                // name would otherwise look like a quiet mapper forever.
                body["notice"] = .string(
                    "No maps by \(username) were found on Trackmania Exchange: mapper alerts watch the maps of the "
                        + "Exchange author whose name is your site username, exactly (names are case-sensitive)")
            }
        case .failure(let error):
            // The alert exists either way; the listing finishes in the background.
            context.logger.warning(
                "alert map listing deferred", metadata: ["alert": "\(alert.id)", "error": "\(type(of: error))"])
        }
        return .json(200, JSONValue.object(body))
    }
}
