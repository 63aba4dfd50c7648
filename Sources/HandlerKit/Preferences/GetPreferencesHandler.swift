import Foundation
import RecordsCore

/// `GET /preferences/:token`: the player's preference page, opened from the signed link in every
/// digest without a site session. A bad, expired or revoked link is a 4xx page.
public struct GetPreferencesHandler: Handler {
    private let access: PreferenceAccess
    private let channels: any PushChannelRepository
    private let pushConfigured: Bool
    private let ntfyServer: String?

    /// - Parameters:
    ///   - links: Checks the link.
    ///   - users: The user behind a link.
    ///   - preferences: The stored choices.
    ///   - channels: The user's push channels.
    ///   - pushConfigured: Whether a push transport is wired (otherwise channels cannot be added or tested).
    ///   - ntfyServer: The ntfy server topics live on, shown beside the topic field.
    ///   - selfHelp: Signs the fresh-link form offered when a link expired or is not valid; `nil` offers none.
    public init(
        links: PreferenceLinks, users: any UserRepository, preferences: any PreferenceRepository,
        channels: any PushChannelRepository, pushConfigured: Bool, ntfyServer: String? = nil,
        selfHelp: SelfHelpLinks? = nil
    ) {
        self.access = PreferenceAccess(links: links, users: users, preferences: preferences, selfHelp: selfHelp)
        self.channels = channels
        self.pushConfigured = pushConfigured
        self.ntfyServer = ntfyServer
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        // The forms post to the page's own address by a relative reference, which a trailing slash
        // would bend (`/preferences/<token>/<token>`): send the browser to the slash-less address
        // first, relatively too, so it stays right behind a proxy that mounts the site under a prefix.
        // Only a token-shaped segment is echoed into the Location header and the page.
        if event.path.hasSuffix("/") {
            let token = event.pathParameters["token"] ?? ""
            guard PreferenceLinks.hasTokenShape(token) else { return PreferencePage.Failure.invalidLink.response }
            return PreferencePage.redirect("../\(token)")
        }
        do {
            let opened = try await access.open(event, now: context.clock.now)
            let notice = event.queryValues("notice").last.flatMap(PreferenceNotice.init(rawValue:))
            let model = PreferencePage.Model(
                opened: opened, channels: try await channels.channels(userId: opened.user.id), notice: notice,
                pushConfigured: pushConfigured, links: access.links, ntfyServer: ntfyServer)
            return PreferencePage.html(200, PreferencePage.page(model))
        } catch let failure as PreferencePage.Failure {
            return failure.response
        }
    }
}
