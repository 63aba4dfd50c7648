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
        let identifier =
            try context.body.string("email").flatMap { $0.isEmpty ? nil : $0 }
            ?? context.body.string("username")
        guard let identifier, !identifier.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        let trimmed = identifier.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 255 else { throw HandlerError.badRequest("Invalid string format") }
        guard case .string(let password)? = context.body["password"] else {
            throw HandlerError.badRequest("Password is required")
        }

        // Reserve before checking: the attempt is counted before bcrypt runs, atomically, so a burst
        // of parallel attempts runs at most the limit's worth of checks; a success gives it back,
        // so signing in and out again never locks anyone out.
        let address = try await limiter.reserve(.login, key: event.sourceIP, now: now)
        let user = try await users.user(loginIdentifier: trimmed)
        let account = try await reserveAccountAttempt(user: user, identifier: trimmed, event: event, now: now)
        // An unknown account costs one bcrypt check too, so timing does not reveal who exists.
        let matches = try await hasher.verify(password, hash: user?.passwordHash ?? PasswordHasher.decoyHash)
        guard let user, matches else {
            context.logger.info("login refused", metadata: ["client": .string(event.sourceIP)])
            throw HandlerError(401, "Incorrect email or password")
        }
        try await limiter.release(address)
        if let account { try await limiter.release(account) }
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
            ] as JSONValue
        ).noStore()
    }

    /// Counts the attempt against the account too, unless the client's address already has a live
    /// session of the account: an attacker can spend the account's budget from many addresses, but
    /// never keep its owner out from where they are signed in. An unknown identifier is counted under
    /// its lower-cased text, so a refusal looks the same for accounts that exist and those that don't.
    private func reserveAccountAttempt(
        user: User?, identifier: String, event: Event, now: Date
    ) async throws -> RequestLimiter.Reservation? {
        let key: String
        if let user {
            if try await sessions.isKnownAddress(event.sourceIP, of: user, now: now) { return nil }
            key = "user:\(user.id)"
        } else {
            key = "name:\(identifier.lowercased())"
        }
        return try await limiter.reserve(.loginAccount, key: key, now: now)
    }
}
