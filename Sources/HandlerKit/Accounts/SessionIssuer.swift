import Foundation
import RecordsCore

/// Opens login sessions and signs their tokens.
public struct SessionIssuer: Sendable {
    /// The tokens of a new session.
    public struct Issued: Sendable {
        public var accessToken: String
        public var refreshToken: String
    }

    private let sessions: any SessionRepository
    private let tokens: SiteTokens

    public init(sessions: any SessionRepository, tokens: SiteTokens) {
        self.sessions = sessions
        self.tokens = tokens
    }

    /// Whether `user` has a live session opened from `address`.
    public func isKnownAddress(_ address: String, of user: User, now: Date) async throws -> Bool {
        try await sessions.hasSession(userId: user.id, ipAddress: address, now: now)
    }

    /// Persists a new 7-day session for `user` and signs its access and refresh tokens.
    public func open(for user: User, event: Event, now: Date) async throws -> Issued {
        let session = LoginSession(
            id: UUID().uuidString.lowercased(), userId: user.id, createdAt: now,
            expiresAt: now.addingTimeInterval(SiteTokens.sessionLifetime), lastAccessedAt: now,
            userAgent: event.header("User-Agent").map { String($0.prefix(512)) }, ipAddress: event.sourceIP)
        try await sessions.create(session)
        return Issued(
            accessToken: try tokens.accessToken(
                userId: user.id, sessionId: session.id, role: user.role.rawValue, now: now),
            refreshToken: try tokens.refreshToken(
                userId: user.id, sessionId: session.id, sessionExpiresAt: session.expiresAt, now: now))
    }
}

extension Response {
    /// The response with `Cache-Control: no-store` and `Pragma: no-cache`, for bodies that carry
    /// tokens (RFC 6749 §5.1): no browser or proxy cache may keep them.
    func noStore() -> Response {
        var response = self
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        return response
    }
}
