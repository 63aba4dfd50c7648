import Foundation
import RecordsCore

/// `POST /preferences/confirm-email/:token`: confirms the account's address. The link is checked
/// (signed over the account's current address, unexpired), then the form token bound to it; the
/// digest items that waited go out with the next daily run. Confirming twice changes nothing more.
public struct ConfirmEmailHandler: Handler {
    private let access: ConfirmationAccess

    /// - Parameter outbox: The links, the account store and the preference links.
    public init(outbox: SelfHelpOutbox) {
        self.access = ConfirmationAccess(outbox: outbox)
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let now = context.clock.now
        do {
            let opened = try await access.open(event, now: now)
            let links = access.outbox.mailer.links
            _ = try SelfHelpForm.fields(event, body: context.body, allowed: [:]) { offered in
                links.checkFormToken(offered, linkToken: opened.token, action: "confirm")
            }
            if try await access.outbox.mailer.repository.confirm(userId: opened.user.id, now: now) {
                context.logger.info("email address confirmed", metadata: ["user": .stringConvertible(opened.user.id)])
            }
            return SelfHelpPage.done(
                "Your address is confirmed",
                "Thank you. The daily email and push-channel tests now reach you; news that waited comes with the "
                    + "next digest.",
                link: (try await access.preferencePage(of: opened.user, now: now), "Your notification preferences"))
        } catch let failure as PreferencePage.Failure {
            return failure.response
        }
    }
}
