import Foundation
import RecordsCore

/// Opens an address-confirmation link: the account it names, then the signature over that account's
/// current address and the expiry. Refusals are pages offering the confirmation mail again.
struct ConfirmationAccess: Sendable {
    let outbox: SelfHelpOutbox

    func open(_ event: Event, now: Date) async throws -> (token: String, user: User) {
        let links = outbox.mailer.links
        let token = event.pathParameters["token"] ?? ""
        let invalid = refusal(
            403, "This link is not valid",
            "The address is incomplete or was changed. Open the link from your email again, in full, or enter "
                + "your address to get a new one:", now: now)
        guard let userId = try? links.confirmationUserId(token),
            let user = try await outbox.mailer.users.user(id: userId)
        else { throw invalid }
        do throws(SelfHelpLinks.Problem) {
            try links.verifyConfirmation(token, email: user.email, now: now)
        } catch .expired {
            throw refusal(
                410, "This link has expired",
                "Confirmation links work for seven days. Enter your address to get a new one:", now: now)
        } catch {
            throw invalid
        }
        return (token, user)
    }

    /// The preference page of `user`, with a fresh link.
    func preferencePage(of user: User, now: Date) async throws -> String {
        let generation = try await outbox.mailer.preferences.preferences(userId: user.id).linkGeneration
        let links = outbox.mailer.preferenceLinks
        return links.pageURL(token: links.token(userId: user.id, generation: generation, now: now))
    }

    private func refusal(_ status: Int, _ title: String, _ message: String, now: Date) -> PreferencePage.Failure {
        var failure = PreferencePage.Failure(status, title, message)
        // The page is /preferences/confirm-email/<token>: the fresh-link form (which sends the
        // confirmation mail to an address awaiting it) is one level up.
        failure.offer = PreferencePage.Offer(
            request: .link, action: "../new-link",
            formToken: outbox.mailer.links.requestFormToken(action: SelfHelpPage.Request.link.rawValue, now: now))
        return failure
    }
}
