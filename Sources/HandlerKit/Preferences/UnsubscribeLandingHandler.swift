import Foundation
import RecordsCore

/// `GET /preferences/:token/unsubscribe`: a mail client that opens the unsubscribe link in a browser
/// gets the preference page (a GET never changes anything: link scanners fetch these).
public struct UnsubscribeLandingHandler: Handler {
    public init() {}

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let token = event.pathParameters["token"] ?? ""
        // The page checks the link; only a token-shaped segment is echoed into a header.
        guard !token.isEmpty, token.utf8.count <= 160,
            token.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            })
        else {
            return PreferencePage.Failure(
                403, "This link is not valid",
                "The address is incomplete or was changed. Open the link from your email again, in full."
            ).response
        }
        return PreferencePage.redirect("../\(token)?notice=\(PreferenceNotice.unsubscribe.rawValue)")
    }
}
