import Foundation
import Logging
import RecordsCore

/// `POST /preferences/:token`: one form of the preference page (the digest settings, adding,
/// testing, changing or removing a push channel, turning off older links).
///
/// The link is checked first, then the form token of the posted action, then every field; any
/// refusal is a 4xx page and nothing is stored. Success answers `303 See Other` back to the page
/// with a short confirmation (post/redirect/get), so a reload never posts twice.
public struct UpdatePreferencesHandler: Handler {
    /// The most channels of one kind a player may keep.
    public static let maxChannelsPerKind = 5

    static let tooManyChannels = PreferencePage.Failure(
        409, "Too many channels", "You can keep at most \(maxChannelsPerKind) channels of each kind. Remove one first.")

    private let access: PreferenceAccess
    private let channels: any PushChannelRepository
    private let transport: (any PushTransport)?
    private let limiter: RequestLimiter?
    private let confirmations: (any SelfHelpRepository)?

    /// - Parameters:
    ///   - links: Checks the link and form tokens.
    ///   - users: The user behind a link.
    ///   - preferences: The stored choices.
    ///   - channels: The user's push channels.
    ///   - transport: Sends test messages; `nil` refuses adding and testing channels.
    ///   - limiter: Limits test messages per user (``RateRule/pushTest``); `nil` in unit tests.
    ///   - selfHelp: Signs the fresh-link form offered when a link expired or is not valid, and when a
    ///     test waits for the address's confirmation; `nil` offers none.
    ///   - confirmations: With `EMAIL_CONFIRMATION` on, test messages wait until the account's address
    ///     is confirmed; `nil` sends them regardless (the original's behaviour).
    public init(
        links: PreferenceLinks, users: any UserRepository, preferences: any PreferenceRepository,
        channels: any PushChannelRepository, transport: (any PushTransport)?, limiter: RequestLimiter? = nil,
        selfHelp: SelfHelpLinks? = nil, confirmations: (any SelfHelpRepository)? = nil
    ) {
        self.access = PreferenceAccess(links: links, users: users, preferences: preferences, selfHelp: selfHelp)
        self.channels = channels
        self.transport = transport
        self.limiter = limiter
        self.confirmations = confirmations
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        do {
            let now = context.clock.now
            let opened = try await access.open(event, now: now)
            let request = try PreferenceForm.parse(context.body, linkToken: opened.token, links: access.links)
            return try await apply(request, opened: opened, now: now, logger: context.logger)
        } catch let failure as PreferencePage.Failure {
            return failure.response
        } catch let refusal as PreferencePage.Refusal {
            return refusal.response
        }
    }

    private func apply(
        _ request: PreferenceForm.Request, opened: PreferenceAccess.Opened, now: Date, logger: Logger
    ) async throws -> Response {
        let userId = opened.user.id
        let prefs = opened.preferences
        switch request {
        case .settings(let paused, let zone, let news):
            try await access.preferences.save(
                userId: userId, digestPaused: paused, timeZone: zone, emailNews: news, now: now)
            logger.info(
                "preferences saved",
                metadata: ["user": .stringConvertible(userId), "digest-paused": .stringConvertible(paused)])
            return redirect(opened.token, .saved)
        case .addDiscord(let webhook, let news):
            return try await add(.discord, target: webhook, accessToken: nil, news: news, opened: opened, now: now)
        case .addNtfy(let topic, let token, let news):
            return try await add(.ntfy, target: topic, accessToken: token, news: news, opened: opened, now: now)
        case .saveChannel(let id, let news):
            guard try await channels.setNews(channelId: id, userId: userId, news: news) else { throw Self.noChannel }
            return redirect(opened.token, .channelSaved)
        case .removeChannel(let id):
            guard try await channels.remove(channelId: id, userId: userId) else { throw Self.noChannel }
            logger.info("push channel removed", metadata: ["user": .stringConvertible(userId)])
            return redirect(opened.token, .removed)
        case .testChannel(let id):
            guard let channel = try await channels.channels(userId: userId).first(where: { $0.id == id }) else {
                throw Self.noChannel
            }
            let transport = try requireTransport()
            try await limitTests(userId: userId, now: now)
            switch await transport.sendTest(to: channel, timeZone: prefs.timeZone) {
            case .delivered:
                if channel.status == .disabled { _ = try await channels.reactivate(channelId: id, userId: userId) }
                return redirect(opened.token, .testDelivered)
            case .retryLater:
                return redirect(opened.token, .testLater)
            case .gone(let reason):
                try await channels.disable(channelId: id, reason: reason, now: now)
                return redirect(opened.token, .testGone)
            }
        case .revoke:
            let generation = try await access.preferences.bumpLinkGeneration(userId: userId, now: now)
            let token = access.links.token(userId: userId, generation: generation, now: now)
            logger.info("older preference links revoked", metadata: ["user": .stringConvertible(userId)])
            return redirect(token, .revoked)
        }
    }

    private func add(
        _ kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds,
        opened: PreferenceAccess.Opened, now: Date
    ) async throws -> Response {
        let transport = try requireTransport()
        let userId = opened.user.id
        let existing = try await channels.channels(userId: userId).filter { $0.kind == kind }
        // Refused before the test message goes out; ``PushChannelRepository/add`` holds the limit.
        if !existing.contains(where: { $0.target == target }) && existing.count >= Self.maxChannelsPerKind {
            throw Self.tooManyChannels
        }
        try await limitTests(userId: userId, now: now)
        // The test goes out before anything is stored: a webhook that does not exist is refused.
        let probe = PushChannel(
            id: 0, userId: userId, kind: kind, target: target, accessToken: accessToken, news: news, status: .active,
            disabledReason: nil, disabledAt: nil, createdAt: now)
        let outcome = await transport.sendTest(to: probe, timeZone: opened.preferences.timeZone)
        if case .gone(let reason) = outcome {
            throw PreferencePage.Failure(
                422, "That channel does not work",
                "The service refused the test message (\(reason)). Nothing was saved.")
        }
        // Checked again where it is stored: a parallel add may have taken the last place meanwhile.
        guard
            try await channels.add(
                userId: userId, kind: kind, target: target, accessToken: accessToken, news: news,
                maxPerKind: Self.maxChannelsPerKind, now: now) != nil
        else { throw Self.tooManyChannels }
        return redirect(opened.token, outcome == .delivered ? .added : .addedUntested)
    }

    /// Refuses a test message while the account's address awaits confirmation (403 page offering the
    /// confirmation mail again), then counts it against ``RateRule/pushTest``; over the limit, a 429 page.
    private func limitTests(userId: Int, now: Date) async throws {
        if let confirmations, try await !confirmations.isConfirmed(userId: userId) {
            var failure = PreferencePage.Failure(
                403, "Confirm your email address first",
                "Test messages (and the daily email) wait until the address of this account is confirmed with the "
                    + "link we emailed it. To get that email again, enter the address:")
            if let selfHelp = access.selfHelp {
                failure.offer = PreferencePage.Offer(
                    request: .link, action: SelfHelpPage.Request.link.rawValue,
                    formToken: selfHelp.requestFormToken(action: SelfHelpPage.Request.link.rawValue, now: now))
            }
            throw failure
        }
        do {
            try await limiter?.consume(.pushTest, key: String(userId), now: now)
        } catch let error as HandlerError where error.status == 429 {
            var response = PreferencePage.Failure(429, "Too many test messages", error.message).response
            for (name, value) in error.headers { response.setHeader(name, value) }
            throw PreferencePage.Refusal(response: response)
        }
    }

    private func requireTransport() throws -> any PushTransport {
        guard let transport else {
            throw PreferencePage.Failure(
                409, "Push delivery is not configured",
                "This server does not send to Discord or ntfy, so channels cannot be added or tested.")
        }
        return transport
    }

    static let noChannel = PreferencePage.Failure(404, "No such channel", "It may have been removed already.")

    /// `303 See Other` back to the page (a relative reference: the page is the link's last segment,
    /// whatever path prefix a proxy adds).
    private func redirect(_ token: String, _ notice: PreferenceNotice) -> Response {
        PreferencePage.redirect("\(token)?notice=\(notice.rawValue)")
    }
}
