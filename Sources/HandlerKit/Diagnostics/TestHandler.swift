import Foundation
import RecordsCore

/// `GET`/`POST /api/v1/test` (R33, R34): the admin page's "is the API reachable" button. It
/// touches nothing and tells nothing beyond the method and the time.
public struct TestHandler: Handler {
    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        .json(
            200,
            [
                "success": true, "message": "Test Lambda called successfully!", "lambda_called": 1,
                "timestamp": .string(Timestamps.iso8601(context.clock.now)), "method": .string(event.httpMethod),
            ] as JSONValue)
    }
}
