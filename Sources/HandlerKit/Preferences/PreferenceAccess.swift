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
            throw PreferencePage.Failure(
                410, "This link has expired",
                "Links in the daily email stay valid for a while only. Use the link in a newer email.")
        } catch {
            throw PreferencePage.Failure.invalidLink
        }
        guard let user = try await users.user(id: claims.userId) else {
            throw PreferencePage.Failure(410, "This account no longer exists", "There is nothing to change here.")
        }
        let current = try await preferences.preferences(userId: user.id)
        guard current.linkGeneration == claims.generation else {
            throw PreferencePage.Failure(
                410, "This link was replaced",
                "Older links were turned off from the preference page. Use the link in your newest email.")
        }
        return Opened(token: token, user: user, preferences: current, claims: claims)
    }
}
