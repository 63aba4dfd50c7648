import Foundation
import RecordsCore

/// `GET /preferences/confirm-email/:token`: the page of a confirmation link, with one button. A `GET`
/// confirms nothing (mail scanners fetch links); an address confirmed already says so.
public struct ConfirmEmailPageHandler: Handler {
    private let access: ConfirmationAccess

    /// - Parameter outbox: The links, the account store and the preference links.
    public init(outbox: SelfHelpOutbox) {
        self.access = ConfirmationAccess(outbox: outbox)
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        // The form posts to the page's own address by a relative reference, which a trailing slash
        // would bend: send the browser to the slash-less address (only a token-shaped segment is echoed).
        if event.path.hasSuffix("/") {
            let token = event.pathParameters["token"] ?? ""
            guard SelfHelpLinks.hasTokenShape(token) else { return PreferencePage.Failure.invalidLink.response }
            return PreferencePage.redirect("../\(token)")
        }
        let now = context.clock.now
        do {
            let opened = try await access.open(event, now: now)
            if try await access.outbox.mailer.repository.isConfirmed(userId: opened.user.id) {
                return SelfHelpPage.done(
                    "Your address is confirmed", "Nothing more to do: the daily email goes to this address.",
                    link: (try await access.preferencePage(of: opened.user, now: now), "Your notification preferences"))
            }
            let formToken = access.outbox.mailer.links.formToken(linkToken: opened.token, action: "confirm")
            return PreferencePage.html(200, SelfHelpPage.confirmPage(token: opened.token, formToken: formToken))
        } catch let failure as PreferencePage.Failure {
            return failure.response
        }
    }
}
