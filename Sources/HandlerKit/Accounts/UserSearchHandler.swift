import Foundation
import RecordsCore

/// `GET /api/v1/users/search?username=` (R2): Trackmania Exchange users by name, as a bare array of
/// `{"Name","UserId"}` (the registration page picks the site username from it).
public struct UserSearchHandler: Handler {
    private let directory: any TrackmaniaDirectory
    private let limiter: RequestLimiter

    public init(directory: any TrackmaniaDirectory, limiter: RequestLimiter) {
        self.directory = directory
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await limiter.consume(.userSearch, key: event.sourceIP, now: context.clock.now)
        let values = event.queryValues("username")
        guard values.count <= 1 else { throw HandlerError.badRequest("username must be given once") }
        let name = (values.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard (3...50).contains(name.count) else { throw HandlerError.badRequest("Invalid username format") }

        let page: ExchangeUserPage = try await directory.searchExchangeUsers(name: name)
        if page.more {
            throw HandlerError(400, "Too many results, please write an exact username", key: "message")
        }
        return .json(200, page.users)
    }
}
