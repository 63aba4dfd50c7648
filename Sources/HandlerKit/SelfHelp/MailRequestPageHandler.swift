import Foundation
import RecordsCore

/// `GET /preferences/new-link` and `GET /preferences/password-reset`: the form that asks for a fresh
/// preference link or a password-reset link by email. `?notice=sent` adds the answer every accepted
/// request gets.
public struct MailRequestPageHandler: Handler {
    private let request: SelfHelpPage.Request
    private let links: SelfHelpLinks

    /// - Parameters:
    ///   - request: Which form.
    ///   - links: Signs the form token.
    public init(_ request: SelfHelpPage.Request, links: SelfHelpLinks) {
        self.request = request
        self.links = links
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        // The form posts to a relative address, which a trailing slash would bend: drop it first.
        if event.path.hasSuffix("/") { return PreferencePage.redirect("../\(request.rawValue)") }
        let token = links.requestFormToken(action: request.rawValue, now: context.clock.now)
        let sent = event.queryValues("notice").last == "sent"
        return PreferencePage.html(200, SelfHelpPage.requestPage(request, formToken: token, sent: sent))
    }
}
