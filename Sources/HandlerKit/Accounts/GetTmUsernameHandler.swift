import Foundation
import RecordsCore

/// `GET /api/v1/users/tm-username` (R15): whether the caller has verified a Trackmania identity.
public struct GetTmUsernameHandler: Handler {
    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let user = try context.requireCaller().user
        return .json(
            200,
            [
                "hasTmUsername": .bool(user.tmUsername != nil && user.tmAccountId != nil),
                "tmUsername": .string(user.tmUsername), "tmAccountId": .string(user.tmAccountId),
            ] as JSONValue)
    }
}
