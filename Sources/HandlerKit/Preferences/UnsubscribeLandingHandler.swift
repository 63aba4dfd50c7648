import Foundation
import RecordsCore

/// `GET /preferences/:token/unsubscribe`: a mail client that opens the unsubscribe link in a browser
/// gets the preference page (a GET never changes anything: link scanners fetch these).
public struct UnsubscribeLandingHandler: Handler {
    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let token = event.pathParameters["token"] ?? ""
        // The page checks the link; only a token-shaped segment is echoed into a header.
        guard PreferenceLinks.hasTokenShape(token)
        else {
            return PreferencePage.Failure.invalidLink.response
        }
        return PreferencePage.redirect("../\(token)?notice=\(PreferenceNotice.unsubscribe.rawValue)")
    }
}
