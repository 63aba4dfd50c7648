import Foundation
import RecordsCore

/// `POST /preferences/:token/unsubscribe`: the RFC 8058 one-click unsubscribe of the digest's
/// `List-Unsubscribe` header. The signed link alone is the authority: the body
/// (`List-Unsubscribe=One-Click`, form-encoded or multipart) is not needed, there is no page and no
/// session, and repeating it changes nothing more.
public struct OneClickUnsubscribeHandler: Handler {
    private let access: PreferenceAccess

    public init(links: PreferenceLinks, users: any UserRepository, preferences: any PreferenceRepository) {
        self.access = PreferenceAccess(links: links, users: users, preferences: preferences)
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let now = context.clock.now
        let opened: PreferenceAccess.Opened
        do {
            opened = try await access.open(event, now: now)
        } catch let failure as PreferencePage.Failure {
            return Self.text(failure.status, "\(failure.title). Nothing was changed.\n")
        }
        if !opened.preferences.digestPaused {
            try await access.preferences.setDigestPaused(userId: opened.user.id, paused: true, now: now)
            context.logger.info(
                "digest paused by one-click unsubscribe", metadata: ["user": .stringConvertible(opened.user.id)])
        }
        return Self.text(200, "Unsubscribed: the daily email is paused.\n")
    }

    static func text(_ status: Int, _ body: String) -> Response {
        Response(statusCode: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: body)
    }
}
