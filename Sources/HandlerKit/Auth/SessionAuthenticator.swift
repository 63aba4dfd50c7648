import Foundation
import RecordsCore

/// The one authenticator of every protected route: a signed, unexpired access token whose session
/// is still live, and the user's role read from the database (a demoted admin loses admin routes at
/// once, a deleted user's tokens stop working, a logged-out session's tokens stop working).
public struct SessionAuthenticator: Authenticator {
    private let tokens: SiteTokens
    private let sessions: any SessionRepository

    public init(tokens: SiteTokens, sessions: any SessionRepository) {
        self.tokens = tokens
        self.sessions = sessions
    }

    public func authenticate(
        _ event: Event, requirement: AuthRequirement, context: HandlerContext
    ) async throws -> Caller {
        guard let token = Self.bearer(event.header("Authorization"), acceptsRaw: requirement.acceptsRawToken) else {
            throw requirement.missing
        }
        let now = context.clock.now
        guard case .valid(let claims) = tokens.verify(token, use: .access, now: now),
            let found = try await sessions.activeSession(id: claims.sessionId, now: now),
            String(found.user.id) == claims.userId
        else {
            throw requirement.invalid
        }
        if requirement.level == .admin && found.user.role != .admin {
            throw requirement.forbidden
        }
        return Caller(user: found.user, sessionId: found.session.id)
    }

    /// The token in an `Authorization` header: after `Bearer ` (any case), or the whole value on
    /// routes that accept a raw token.
    static func bearer(_ header: String?, acceptsRaw: Bool) -> String? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if header.lowercased().hasPrefix("bearer ") {
            let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            return token.isEmpty ? nil : token
        }
        return acceptsRaw ? header : nil
    }
}
