import Foundation
import RecordsCore

/// `GET /api/v1/users/profile` (R13): the caller's own account, read at authentication time.
public struct GetUserProfileHandler: Handler {
    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let user = try context.requireCaller().user
        return .json(
            200,
            [
                "id": .int(user.id), "email": .string(user.email), "username": .string(user.username),
                "createdAt": .string(Timestamps.iso8601(user.createdAt)),
            ] as JSONValue)
    }
}
