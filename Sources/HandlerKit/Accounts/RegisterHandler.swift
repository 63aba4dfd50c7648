import Foundation
import RecordsCore

/// `POST /api/v1/users/register` (R10): creates a user within the registration cap.
public struct RegisterHandler: Handler {
    /// The cap when `admin_config` has no usable `max_users_registration`.
    static let defaultCap = 200

    private let users: any UserRepository
    private let adminConfig: any AdminConfigRepository
    private let hasher: PasswordHasher
    private let limiter: RequestLimiter
    private let confirmation: SelfHelpOutbox?

    /// - Parameter confirmation: With `EMAIL_CONFIRMATION` on, queues the new account's confirmation
    ///   mail; `nil` sends none (the original's behaviour).
    public init(
        users: any UserRepository, adminConfig: any AdminConfigRepository, hasher: PasswordHasher,
        limiter: RequestLimiter, confirmation: SelfHelpOutbox? = nil
    ) {
        self.users = users
        self.adminConfig = adminConfig
        self.hasher = hasher
        self.limiter = limiter
        self.confirmation = confirmation
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await limiter.consume(.register, key: event.sourceIP, now: context.clock.now)
        let email = try AccountRules.email(try context.body.string("email"))
        let password = try AccountRules.password(try context.body.string("password"))
        let username = try AccountRules.username(try context.body.string("username"))

        let cap = try await registrationCap(logger: context)
        let hash = try await hasher.hash(password)
        let outcome = try await users.register(
            NewUser(username: username, email: email, passwordHash: hash), maxUsers: cap, now: context.clock.now)
        switch outcome {
        case .created(let user):
            context.logger.info("registered", metadata: ["user-id": .stringConvertible(user.id)])
            await requestConfirmation(of: user, context: context)
            return .message(201, key: "msg", "User registered successfully")
        case .capReached:
            throw HandlerError(403, "Sorry, too many users registered. No new registrations currently possible.")
        case .usernameTaken:
            throw HandlerError.badRequest("Username already selected")
        case .emailTaken:
            throw HandlerError.badRequest("Email already registered")
        }
    }

    /// Marks the address as awaiting confirmation and queues the mail asking for it; the mail is sent
    /// off the request path, so registration answers as before whether or not mail works. Should even
    /// the queueing fail, the account is kept and counts as confirmed (logged): registration never
    /// fails for it.
    private func requestConfirmation(of user: User, context: HandlerContext) async {
        guard let confirmation else { return }
        do {
            try await confirmation.mailer.repository.requireConfirmation(
                userId: user.id, email: user.email, now: context.clock.now)
            await confirmation.wake()
        } catch {
            context.logger.error(
                "confirmation mail not queued; the address counts as confirmed",
                metadata: ["user-id": .stringConvertible(user.id), "error-type": .string("\(type(of: error))")])
        }
    }

    /// `max_users_registration` as a non-negative integer (0 closes registration); a missing or
    /// unreadable value falls back to 200 as the original did.
    private func registrationCap(logger context: HandlerContext) async throws -> Int {
        guard let raw = try await adminConfig.value(forKey: "max_users_registration") else { return Self.defaultCap }
        guard let cap = Int(raw.trimmingCharacters(in: .whitespaces)), cap >= 0 else {
            context.logger.warning("max_users_registration is not a non-negative integer; using 200")
            return Self.defaultCap
        }
        return cap
    }
}
