import Foundation
import RecordsCore

/// `POST /api/v1/users/logout` (R12): ends the refresh token's session, so its refresh and access
/// tokens stop working. Answers 200 for an unusable token too, as the original.
public struct LogoutHandler: Handler {
    private let sessions: any SessionRepository
    private let tokens: SiteTokens

    public init(sessions: any SessionRepository, tokens: SiteTokens) {
        self.sessions = sessions
        self.tokens = tokens
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        guard let presented = try context.body.string("refresh_token"), !presented.isEmpty else {
            throw HandlerError.badRequest("Refresh token is required")
        }
        switch tokens.verify(presented, use: .refresh, now: context.clock.now) {
        case .valid(let claims), .expired(let claims):
            if try await sessions.delete(id: claims.sessionId) {
                context.logger.info("logout", metadata: ["user-id": .string(claims.userId)])
            }
        case .invalid:
            break
        }
        return .message(200, key: "msg", "Logged out successfully")
    }
}
