import Foundation
import RecordsCore

/// `POST /api/v1/users/logout` (R12): ends the session of the presented token, so its refresh and
/// access tokens stop working.
///
/// The token is the body's `refresh_token` (the original's field), which may also hold the
/// session's access token; without it, the `Authorization` bearer is used. Either kind ends its
/// session, expired or not. A text that is no token of ours answers 200 as the original did: there
/// is no session it could name.
public struct LogoutHandler: Handler {
    private let sessions: any SessionRepository
    private let tokens: SiteTokens

    public init(sessions: any SessionRepository, tokens: SiteTokens) {
        self.sessions = sessions
        self.tokens = tokens
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let bearer = SessionAuthenticator.bearer(event.header("Authorization"), acceptsRaw: false)
        guard let presented = try context.body.string("refresh_token").flatMap({ $0.isEmpty ? nil : $0 }) ?? bearer
        else {
            throw HandlerError.badRequest("Refresh token is required")
        }
        let now = context.clock.now
        if let claims = claims(of: presented, now: now) {
            if try await sessions.delete(id: claims.sessionId) {
                context.logger.info("logout", metadata: ["user-id": .string(claims.userId)])
            }
        }
        return .message(200, key: "msg", "Logged out successfully")
    }

    /// The claims of a refresh or access token signed by us, expired or not.
    private func claims(of token: String, now: Date) -> SiteTokenClaims? {
        for use in [TokenUse.refresh, .access] {
            switch tokens.verify(token, use: use, now: now) {
            case .valid(let claims), .expired(let claims): return claims
            case .invalid: continue
            }
        }
        return nil
    }
}
