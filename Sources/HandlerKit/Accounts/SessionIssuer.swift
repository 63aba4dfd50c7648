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
