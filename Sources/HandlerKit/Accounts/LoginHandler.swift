import Foundation
import RecordsCore

/// `POST /api/v1/users/login` (R9): email or username plus password → tokens and a new session.
public struct LoginHandler: Handler {
    private let users: any UserRepository
    private let sessions: SessionIssuer
    private let hasher: PasswordHasher
    private let limiter: RequestLimiter

    public init(users: any UserRepository, sessions: SessionIssuer, hasher: PasswordHasher, limiter: RequestLimiter) {
        self.users = users
        self.sessions = sessions
        self.hasher = hasher
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let now = context.clock.now
        // Only failed attempts count, so signing in and out again never locks anyone out.
        try await limiter.check(.login, key: event.sourceIP, now: now)
        let identifier =
            try context.body.string("email").flatMap { $0.isEmpty ? nil : $0 }
            ?? context.body.string("username")
        guard let identifier, !identifier.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        let trimmed = identifier.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 255 else { throw HandlerError.badRequest("Invalid string format") }
        guard case .string(let password)? = context.body["password"] else {
            throw HandlerError.badRequest("Password is required")
        }

        let user = try await users.user(loginIdentifier: trimmed)
        // An unknown account costs one bcrypt check too, so timing does not reveal who exists.
        let matches = try await hasher.verify(password, hash: user?.passwordHash ?? PasswordHasher.decoyHash)
        guard let user, matches else {
            try await limiter.record(.login, key: event.sourceIP, now: now)
            context.logger.info("login refused", metadata: ["client": .string(event.sourceIP)])
            throw HandlerError(401, "Incorrect email or password")
        }
        let issued = try await sessions.open(for: user, event: event, now: now)
        context.logger.info("login", metadata: ["user-id": .stringConvertible(user.id)])
        return .json(
            200,
            [
                "access_token": .string(issued.accessToken),
                "refresh_token": .string(issued.refreshToken),
                "expires_in": .int(Int(SiteTokens.accessLifetime)),
                "token_type": "Bearer",
                "user": [
                    "id": .string(String(user.id)), "username": .string(user.username), "email": .string(user.email),
                ],
            ] as JSONValue)
    }
}
