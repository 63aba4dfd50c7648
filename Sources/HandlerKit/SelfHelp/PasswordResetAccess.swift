import Foundation
import RecordsCore

/// Opens a password-reset link: its signature and expiry, then its nonce (stored, unused, unexpired).
/// Every refusal is a page; the request form is offered again on it.
struct PasswordResetAccess: Sendable {
    let links: SelfHelpLinks
    let repository: any SelfHelpRepository

    func open(_ event: Event, now: Date) async throws -> (token: String, claims: SelfHelpLinks.ResetClaims) {
        let token = event.pathParameters["token"] ?? ""
        let claims: SelfHelpLinks.ResetClaims
        do throws(SelfHelpLinks.Problem) {
            claims = try links.verifyReset(token, now: now)
        } catch .expired {
            throw refusal(410, "This link has expired", "Reset links work for an hour. Ask for a new one:", now: now)
        } catch {
            throw refusal(
                403, "This link is not valid",
                "The address is incomplete or was changed. Open the link from your email again, in full, or ask "
                    + "for a new one:", now: now)
        }
        guard try await repository.resetIsOpen(nonceHash: claims.nonceHash, userId: claims.userId, now: now) else {
            throw used(now: now)
        }
        return (token, claims)
    }

    /// The refusal of a link that was used (or replaced by a reset through another link).
    func used(now: Date) -> PreferencePage.Failure {
        refusal(
            410, "This link was already used",
            "Each reset link works once. If you did not change your password yet, ask for a new link:", now: now)
    }

    private func refusal(_ status: Int, _ title: String, _ message: String, now: Date) -> PreferencePage.Failure {
        var failure = PreferencePage.Failure(status, title, message)
        // The page is /preferences/password-reset/<token>: the request form is one level up.
        failure.offer = PreferencePage.Offer(
            request: .passwordReset, action: "../password-reset",
            formToken: links.requestFormToken(action: SelfHelpPage.Request.passwordReset.rawValue, now: now))
        return failure
    }
}
