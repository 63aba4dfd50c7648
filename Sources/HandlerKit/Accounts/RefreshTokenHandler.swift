import Foundation
import RecordsCore

/// `POST /api/v1/users/refresh` (R11): a refresh token of a live session → new tokens.
///
/// Refresh tokens rotate: each refresh moves the session to a new generation and answers a token of
/// it. The frontend refreshes from several parallel requests with one token, so a token of the
/// previous generation is still honoured for ``defaultGrace`` after the rotation (answering a token
/// of the current generation); presented later, or older, it has been used twice, so someone else
/// may hold it, and the session is revoked (RFC 6819 §5.2.2.3). A session not refreshed for the
/// idle timeout has ended too.
public struct RefreshTokenHandler: Handler {
    /// How long the previous refresh token stays usable after a rotation.
    public static let defaultGrace: TimeInterval = 30
    /// How long a session may go without a refresh (`SESSION_IDLE_TIMEOUT`'s default).
    public static let defaultIdleTimeout: TimeInterval = 86_400

    private let sessions: any SessionRepository
    private let tokens: SiteTokens
    private let idleTimeout: TimeInterval
    private let grace: TimeInterval

    public init(
        sessions: any SessionRepository, tokens: SiteTokens, idleTimeout: TimeInterval = defaultIdleTimeout,
        grace: TimeInterval = defaultGrace
    ) {
        self.sessions = sessions
        self.tokens = tokens
        self.idleTimeout = idleTimeout
        self.grace = grace
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
            String(found.user.id) == claims.userId
        else {
            throw HandlerError(401, "Invalid refresh token")
        }
        if now.timeIntervalSince(found.session.lastAccessedAt) > idleTimeout {
            _ = try await sessions.delete(id: found.session.id)
            context.logger.info("session ended after idle time", metadata: ["user-id": .string(claims.userId)])
            throw HandlerError(401, "Refresh token expired")
        }
        let generation: Int
        switch try await sessions.rotateRefresh(
            id: found.session.id, presented: claims.generation ?? 0, now: now, grace: grace)
        {
        case .issue(let issued):
            generation = issued
        case .reused:
            context.logger.warning(
                "superseded refresh token presented: session revoked", metadata: ["user-id": .string(claims.userId)])
            throw HandlerError(401, "Invalid refresh token")
        case .missing:
            throw HandlerError(401, "Invalid refresh token")
        }
        // The role comes from the database, so a promotion or demotion applies at the next refresh.
        let access = try tokens.accessToken(
            userId: found.user.id, sessionId: found.session.id, role: found.user.role.rawValue, now: now)
        let refresh = try tokens.refreshToken(
            userId: found.user.id, sessionId: found.session.id, sessionExpiresAt: found.session.expiresAt, now: now,
            generation: generation)
        return Response.json(
            200,
            [
                "access_token": .string(access), "refresh_token": .string(refresh),
                "expires_in": .int(Int(SiteTokens.accessLifetime)), "token_type": "Bearer",
            ] as JSONValue
        ).noStore()
    }
}
