import Foundation

/// A login session: created at login, extended by nothing, ended by logout or expiry.
///
/// Access and refresh tokens carry the session id; a token whose session is gone is refused.
public struct LoginSession: Sendable, Equatable {
    /// A UUID v4 in lower-case text form (the JWT `session_id` claim).
    public var id: String
    public var userId: Int
    public var createdAt: Date
    /// Login + 7 days; refresh never extends it (as the original).
    public var expiresAt: Date
    public var lastAccessedAt: Date
    public var userAgent: String?
    public var ipAddress: String?

    public init(
        id: String, userId: Int, createdAt: Date, expiresAt: Date, lastAccessedAt: Date,
        userAgent: String?, ipAddress: String?
    ) {
        self.id = id
        self.userId = userId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastAccessedAt = lastAccessedAt
        self.userAgent = userAgent
        self.ipAddress = ipAddress
    }
}

/// A live session together with its user, read in one round trip by the authenticator.
public struct SessionWithUser: Sendable, Equatable {
    public var session: LoginSession
    public var user: User

    public init(session: LoginSession, user: User) {
        self.session = session
        self.user = user
    }
}
