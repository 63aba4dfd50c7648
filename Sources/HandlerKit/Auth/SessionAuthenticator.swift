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
        guard case .valid(let claims) = tokens.verify(token, use: .access, now: now) else {
            throw requirement.invalid
        }
        let recent = requirement.acceptsRecentCheck && requirement.level == .user
        guard
            let found = try await recent
                ? sessions.recentActiveSession(id: claims.sessionId, now: now)
                : sessions.activeSession(id: claims.sessionId, now: now),
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
        // Byte-wise, as this runs on every authenticated request (Foundation's trimming and
        // lower-casing showed up in profiles). Whitespace here means the space and tab of HTTP.
        guard let header else { return nil }
        let value = trimmed(header.utf8[...])
        guard !value.isEmpty else { return nil }
        let scheme = "bearer ".utf8
        if value.count >= scheme.count,
            zip(value.prefix(scheme.count), scheme).allSatisfy({ $0 == $1 || ($1 != 0x20 && $0 | 0x20 == $1) })
        {
            let token = trimmed(value.dropFirst(scheme.count))
            return token.isEmpty ? nil : String(Substring(token))
        }
        return acceptsRaw ? String(Substring(value)) : nil
    }

    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = bytes.firstIndex(where: { !isBlank($0) }),
            let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[start...last]
    }
}
