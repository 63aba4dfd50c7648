import Foundation
import Logging

/// Phase 6, send: every user with pending items gets one digest composed from all of them, once per
/// UTC day, shaped by their preferences (paused, news kinds routed away from email, time zone,
/// signed links). Items are marked delivered only after the mailer accepted the message, in the
/// transaction that records the send.
struct SendPhase: Sendable {
    var context: DailyRunContext

    func run(report: inout DailyRunReport) async throws {
        let repos = context.repositories
        var userIds = try await repos.dailyDigests.usersWithPendingItems()
        if context.settings.emailConfirmation {
            // No mail to an address nobody confirmed: those users' items stay pending, untouched, and
            // go out in the first digest after the confirmation.
            let awaiting = try await repos.selfHelp.awaitingConfirmation(among: userIds)
            userIds.removeAll { awaiting.contains($0) }
        }
        guard !userIds.isEmpty else { return }
        let composer = DigestComposer(settings: context.settings)

        // Every display name the digests show, asked for at once (cached names cost nothing). Items
        // are read twice rather than all held at once: memory stays flat however many users wait.
        var wanted = Set<String>()
        for userId in userIds {
            let decoded = DecodedDigestItems(try await repos.dailyDigests.pendingItems(userId: userId))
            wanted.formUnion(composer.accountIds(records: decoded.records, changes: decoded.changes))
        }
        let names = try await DisplayNameLookup(context: context).names(
            for: wanted, purpose: "email", report: &report, log: context.log)

        for userId in userIds {
            guard let user = try await repos.users.user(id: userId) else { continue }
            try await send(to: user, composer: composer, names: names, report: &report)
        }
    }

    /// One user's digest, or their items settled without a mail.
    private func send(to user: User, composer: DigestComposer, names: [String: String], report: inout DailyRunReport)
        async throws
    {
        let repos = context.repositories
        let clock = context.clock
        let log = context.log
        let items = try await repos.dailyDigests.pendingItems(userId: user.id)
        let username = user.username ?? user.email
        let day = Timestamps.utcDay(clock.now)
        // `delivered_at` is the email side only (push has its own ledger). A paused digest settles
        // its items without a mail, so resuming starts from fresh news instead of a backlog.
        let prefs = try await repos.preferences.preferences(userId: user.id)
        if prefs.digestPaused {
            try await repos.dailyDigests.markDelivered(ids: items.map(\.id), now: clock.now)
            log.debug("digest paused; items settled without a mail", metadata: ["user": .stringConvertible(user.id)])
            return
        }
        if try await repos.dailyDigests.email(username: username, day: day)?.status == .sent {
            report.emailsSkipped += 1
            return
        }
        // News kinds the player routed away from email are settled too, never mailed.
        var routed: [DigestItem] = []
        var unrouted: [DigestItem] = []
        for item in items {
            if prefs.emailNews.contains(item.newsKind) { routed.append(item) } else { unrouted.append(item) }
        }
        let mailed = DecodedDigestItems(routed)
        guard !mailed.isEmpty else {
            try await repos.dailyDigests.markDelivered(ids: unrouted.map(\.id), now: clock.now)
            return
        }
        let disabled = try await repos.pushChannels.unreportedDisabled(userId: user.id)
        var extras = DigestComposer.Extras(
            timeZone: prefs.timeZone,
            disabledChannels: disabled.map { "\($0.hint): \($0.disabledReason ?? "the service refused it")" })
        if let links = context.preferenceLinks {
            let token = links.token(userId: user.id, generation: prefs.linkGeneration, now: clock.now)
            extras.preferencesURL = links.pageURL(token: token)
            extras.unsubscribeURL = links.unsubscribeURL(token: token)
            extras.unsubscribeMailto = links.mailtoAddress
        }
        let digest = composer.compose(
            username: username, email: user.email, records: mailed.records, changes: mailed.changes, names: names,
            extras: extras)
        try await context.checkpoint(.beforeSend(userId: user.id))
        do {
            try await context.services.mailer.send(digest.message)
        } catch {
            report.emailsFailed += 1
            log.warning(
                "digest not delivered; its items stay pending",
                metadata: [
                    "user": .stringConvertible(user.id),
                    "failure": .string((error as? MailError)?.diagnosticCode ?? "unexpected"),
                ])
            return
        }
        try await context.checkpoint(.afterSend(userId: user.id))
        let now = clock.now
        try await repos.dailyDigests.recordDelivery(
            itemIds: items.map(\.id), username: username, email: user.email, day: day,
            mapperContent: digest.mapperText, driverContent: digest.driverText, now: now)
        report.emailsSent += 1
        try await repos.pushChannels.markDisabledReported(channelIds: disabled.map(\.id), now: now)
        try await recordSent(user: user, username: username, mailed: mailed, day: day, now: now)
    }

    /// The `sent` history rows of a delivered digest, one per section it carried.
    private func recordSent(user: User, username: String, mailed: DecodedDigestItems, day: String, now: Date)
        async throws
    {
        let sections: [(NotificationKind, count: Int, maps: Int)] = [
            (.mapperAlert, mailed.records.count, Set(mailed.records.map(\.mapUid)).count),
            (.driverNotification, mailed.changes.count, Set(mailed.changes.map(\.mapUid)).count),
        ]
        for (kind, count, maps) in sections where count > 0 {
            _ = try await context.repositories.notificationHistory.record(
                NewNotificationHistoryEntry(
                    userId: user.id, username: username, kind: kind, status: .sent,
                    message: "Notification sent for \(maps) map(s)!", recordsFound: count, processingDate: day),
                now: now)
        }
    }
}
