import Foundation
import RecordsCore

/// `GET /preferences/password-reset/:token`: the new-password form of a reset link. Showing it
/// changes nothing (link scanners fetch links); a bad, expired or used link is a 4xx page offering
/// to mail a new one.
public struct PasswordResetPageHandler: Handler {
    private let access: PasswordResetAccess

    /// - Parameters:
    ///   - links: Checks the link and signs the form token.
    ///   - repository: The stored reset nonces.
    public init(links: SelfHelpLinks, repository: any SelfHelpRepository) {
        self.access = PasswordResetAccess(links: links, repository: repository)
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        // The form posts to the page's own address by a relative reference, which a trailing slash
        // would bend: send the browser to the slash-less address (only a token-shaped segment is echoed).
        if event.path.hasSuffix("/") {
            let token = event.pathParameters["token"] ?? ""
            guard SelfHelpLinks.hasTokenShape(token) else { return PreferencePage.Failure.invalidLink.response }
            return PreferencePage.redirect("../\(token)")
        }
        do {
            let opened = try await access.open(event, now: context.clock.now)
            let formToken = access.links.formToken(linkToken: opened.token, action: "reset")
            return PreferencePage.html(200, SelfHelpPage.resetPage(token: opened.token, formToken: formToken))
        } catch let failure as PreferencePage.Failure {
            return failure.response
        }
    }
}
