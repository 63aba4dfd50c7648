import Foundation
import RecordsCore

/// `GET`/`POST /api/v1/test-advanced` (R35, R36): the admin page's "does sign-in work" button; it
/// echoes only the caller's own account (never environment, errors or other users).
public struct TestAdvancedHandler: Handler {
    /// The 401 body the admin page shows (`success`, `message`, `lambda_called`).
    public static let authentication: AuthRequirement = {
        let failure = HandlerError(
            401, "Unauthorized - invalid or missing token", key: "message",
            extra: ["success": false, "lambda_called": 0])
        return AuthRequirement(level: .user, missing: failure, invalid: failure)
    }()

    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let user = try context.requireCaller().user
        return .json(
            200,
            [
                "success": true, "message": "Advanced Test Lambda called successfully!", "lambda_called": 1,
                "timestamp": .string(Timestamps.iso8601(context.clock.now)), "method": .string(event.httpMethod),
                "user": [
                    "id": .string(String(user.id)), "username": .string(user.username), "email": .string(user.email),
                ],
            ] as JSONValue)
    }
}
