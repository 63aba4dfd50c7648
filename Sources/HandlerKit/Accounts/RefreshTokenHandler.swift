import Foundation
import RecordsCore

/// `POST /api/v1/users/refresh` (R11): a refresh token of a live session → new tokens.
///
/// The same refresh token may be presented again until its session ends: the frontend refreshes
/// from several parallel requests with one token, and strict rotation would log users out.
public struct RefreshTokenHandler: Handler {
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
        let now = context.clock.now
        let claims: SiteTokenClaims
        switch tokens.verify(presented, use: .refresh, now: now) {
        case .valid(let valid): claims = valid
        case .expired: throw HandlerError(401, "Refresh token expired")
        case .invalid: throw HandlerError(401, "Invalid refresh token")
        }
        guard let found = try await sessions.activeSession(id: claims.sessionId, now: now),
            String(found.user.id) == claims.userId,
            try await sessions.touch(id: found.session.id, at: now)
        else {
            throw HandlerError(401, "Invalid refresh token")
        }
        // The role comes from the database, so a promotion or demotion applies at the next refresh.
        let access = try tokens.accessToken(
            userId: found.user.id, sessionId: found.session.id, role: found.user.role.rawValue, now: now)
        let refresh = try tokens.refreshToken(
            userId: found.user.id, sessionId: found.session.id, sessionExpiresAt: found.session.expiresAt, now: now)
        return .json(
            200,
            [
                "access_token": .string(access), "refresh_token": .string(refresh),
                "expires_in": .int(Int(SiteTokens.accessLifetime)), "token_type": "Bearer",
            ] as JSONValue)
    }
}
