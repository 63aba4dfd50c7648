import Foundation

/// What the next digest of one user would be, composed from their pending items the way the send
/// phase composes it (their preferences, routing, time zone, links, disabled-channel notices), while
/// changing nothing: no item is settled, no ledger row written, no mail sent, and display names come
/// from the cache alone (no Trackmania call).
public struct DigestPreview: Sendable {
    /// What the preview found.
    public enum Outcome: Sendable {
        /// No user logs in with that email or username.
        case unknownUser
        /// Nothing would be mailed: no pending item, or none of a kind the player routes to email.
        case nothingPending(pending: Int)
        /// The player paused the digest: the pending items would be settled without a mail.
        case paused(pending: Int)
        /// The digest the next run would send; `alreadySentToday` when today's digest went out, so
        /// these items wait for tomorrow's.
        case digest(DigestComposer.Digest, items: Int, alreadySentToday: Bool)
        /// The digest that waits, its items kept, until the player confirms their address
        /// (`EMAIL_CONFIRMATION`): the send phase skips the user until then.
        case awaitingConfirmation(DigestComposer.Digest, items: Int)
    }

    public var repositories: Repositories
    public var settings: DailyRunSettings
    public var preferenceLinks: PreferenceLinks?
    public var clock: any WallClock

    public init(
        repositories: Repositories, settings: DailyRunSettings, preferenceLinks: PreferenceLinks?,
        clock: any WallClock
    ) {
        self.repositories = repositories
        self.settings = settings
        self.preferenceLinks = preferenceLinks
        self.clock = clock
    }

    /// The preview for the user who logs in with `identifier` (an email or a site username).
    /// - Throws: Store failures.
    public func preview(user identifier: String) async throws -> Outcome {
        let repos = repositories
        guard let user = try await repos.users.user(loginIdentifier: identifier) else { return .unknownUser }
        let items = try await repos.dailyDigests.pendingItems(userId: user.id)
        let prefs = try await repos.preferences.preferences(userId: user.id)
        if prefs.digestPaused && !items.isEmpty { return .paused(pending: items.count) }
        // The send phase's routing: kinds the player sends elsewhere are never mailed.
        let mailed = DecodedDigestItems(items.filter { prefs.emailNews.contains($0.newsKind) })
        guard !mailed.isEmpty else { return .nothingPending(pending: items.count) }
        let username = user.username ?? user.email
        let sent = try await repos.dailyDigests.email(username: username, day: Timestamps.utcDay(clock.now))
        let composer = DigestComposer(settings: settings)
        let ids = composer.accountIds(records: mailed.records, changes: mailed.changes)
        let names =
            ids.isEmpty
            ? [:] : try await repos.displayNames.displayNames(accountIds: ids.sorted(), freshSince: .distantPast)
        let disabled = try await repos.pushChannels.unreportedDisabled(userId: user.id)
        var extras = DigestComposer.Extras(
            timeZone: prefs.timeZone,
            disabledChannels: disabled.map { "\($0.hint): \($0.disabledReason ?? "the service refused it")" })
        if let links = preferenceLinks {
            let token = links.token(userId: user.id, generation: prefs.linkGeneration, now: clock.now)
            extras.preferencesURL = links.pageURL(token: token)
            extras.unsubscribeURL = links.unsubscribeURL(token: token)
            extras.unsubscribeMailto = links.mailtoAddress
        }
        let digest = composer.compose(
            username: username, email: user.email, records: mailed.records, changes: mailed.changes, names: names,
            extras: extras)
        if settings.emailConfirmation,
            try await repos.selfHelp.awaitingConfirmation(among: [user.id]).contains(user.id)
        {
            return .awaitingConfirmation(digest, items: items.count)
        }
        return .digest(digest, items: items.count, alreadySentToday: sent?.status == .sent)
    }
}
