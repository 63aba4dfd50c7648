import Foundation
import RecordsCore

/// Opens a preference link: checks the token, the user behind it and the link generation.
///
/// Every refusal is a ``PreferencePage/Failure`` (a 4xx page), so a link for another user, a
/// tampered, expired or revoked link never reaches a store write.
struct PreferenceAccess: Sendable {
    let links: PreferenceLinks
    let users: any UserRepository
    let preferences: any PreferenceRepository
    /// Signs the fresh-link form offered on the refusal of an expired, invalid or replaced link;
    /// `nil` offers none.
    var selfHelp: SelfHelpLinks? = nil

    /// The user and preferences a valid link opens.
    struct Opened: Sendable {
        var token: String
        var user: User
        var preferences: UserPreferences
        var claims: PreferenceLinks.Claims
    }

    func open(_ event: Event, now: Date) async throws -> Opened {
        let token = event.pathParameters["token"] ?? ""
        let claims: PreferenceLinks.Claims
        do throws(PreferenceLinks.Problem) {
            claims = try links.verify(token, now: now)
        } catch .expired {
            throw offering(
                PreferencePage.Failure(
                    410, "This link has expired",
                    "Links in the daily email stay valid for a while only. Use the link in a newer email, or get a "
                        + "fresh one by email:"), now: now)
        } catch {
            throw offering(.invalidLink, now: now)
        }
        guard let user = try await users.user(id: claims.userId) else {
            throw PreferencePage.Failure(410, "This account no longer exists", "There is nothing to change here.")
        }
        let current = try await preferences.preferences(userId: user.id)
        guard current.linkGeneration == claims.generation else {
            throw offering(
                PreferencePage.Failure(
                    410, "This link was replaced",
                    "Older links were turned off from the preference page. Use the link in your newest email, or "
                        + "get a fresh one by email:"), now: now)
        }
        return Opened(token: token, user: user, preferences: current, claims: claims)
    }

    /// `failure` with the fresh-link form (posting to `/preferences/new-link`, relative to the page).
    private func offering(_ failure: PreferencePage.Failure, now: Date) -> PreferencePage.Failure {
        guard let selfHelp else { return failure }
        var failure = failure
        failure.offer = PreferencePage.Offer(
            request: .link, action: SelfHelpPage.Request.link.rawValue,
            formToken: selfHelp.requestFormToken(action: SelfHelpPage.Request.link.rawValue, now: now))
        return failure
    }
}
