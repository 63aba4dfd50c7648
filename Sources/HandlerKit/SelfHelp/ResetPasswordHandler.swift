import Foundation
import RecordsCore

/// `POST /preferences/password-reset/:token`: sets the new password of a reset link.
///
/// The link is checked, then the form token bound to it, then the password (the registration rules:
/// ``AccountRules/password(_:)``, and both fields alike). The bcrypt hash is made before the one
/// transaction that uses the link (single use: a parallel second post finds it used), stores the
/// hash, ends every session of the account (refresh tokens refused, access tokens refused at their
/// next session check), closes the account's other reset links and confirms its address.
public struct ResetPasswordHandler: Handler {
    private let access: PasswordResetAccess
    private let sessions: any SessionRepository
    private let hasher: PasswordHasher
    private let limiter: RequestLimiter

    /// - Parameters:
    ///   - links: Checks the link and the form token.
    ///   - repository: The reset nonces and the transaction of the reset.
    ///   - sessions: The sessions (with this instance's memory of recent checks, which forgets them).
    ///   - hasher: bcrypt, as at registration.
    ///   - limiter: ``RateRule/passwordReset`` per client address.
    public init(
        links: SelfHelpLinks, repository: any SelfHelpRepository, sessions: any SessionRepository,
        hasher: PasswordHasher, limiter: RequestLimiter
    ) {
        self.access = PasswordResetAccess(links: links, repository: repository)
        self.sessions = sessions
        self.hasher = hasher
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let now = context.clock.now
        do {
            let opened = try await access.open(event, now: now)
            let links = access.links
            let fields = try SelfHelpForm.fields(
                event, body: context.body, allowed: ["password": 200, "password_confirm": 200]
            ) { offered in
                links.checkFormToken(offered, linkToken: opened.token, action: "reset")
            }
            try await SelfHelpForm.limit(limiter, .passwordReset, key: event.sourceIP, now: now)
            let password: String
            do {
                password = try AccountRules.password(fields["password"])
            } catch is HandlerError {
                throw PreferenceForm.bad(
                    "That password cannot be used: choose one of 8 characters or more (at most 72 bytes), "
                        + "not only spaces.")
            }
            guard fields["password_confirm"] == password else {
                throw PreferenceForm.bad("The two passwords differ. Type the same password twice.")
            }
            let hash = try await hasher.hash(password)
            let userId = opened.claims.userId
            guard
                try await access.repository.resetPassword(
                    nonceHash: opened.claims.nonceHash, userId: userId, passwordHash: hash, now: now)
            else { throw access.used(now: now) }
            // The rows are gone already; through this wrapper the instance's memory of them goes too.
            try await sessions.deleteAll(userId: userId)
            context.logger.info("password reset; every session ended", metadata: ["user": .stringConvertible(userId)])
            return SelfHelpPage.done(
                "Your password is changed",
                "You are signed out everywhere. Sign in again with your new password.")
        } catch let failure as PreferencePage.Failure {
            return failure.response
        } catch let refusal as PreferencePage.Refusal {
            return refusal.response
        }
    }
}
