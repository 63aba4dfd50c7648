import Foundation
import Logging

/// One channel's share of the push phase: its due items filtered by the news it takes, rendered by
/// the transport into posts and sent one after another, each recorded in the ledger before it leaves.
struct PushChannelDelivery: Sendable {
    var context: DailyRunContext
    var transport: any PushTransport
    /// Display names for every item of the run, asked for once by ``PushPhase``.
    var names: [String: String]

    /// Delivers one channel's due items, post after post; stops at the first post the far side
    /// cannot take now (the rest waits for the next run).
    func deliver(_ pending: [PushPendingItem], to destination: PushDestination) async throws -> PushRunCounters {
        let repos = context.repositories
        let clock = context.clock
        let channel = destination.channel
        var log = context.log
        log[metadataKey: "push-channel"] = .stringConvertible(channel.id)
        log[metadataKey: "push-target"] = .string(channel.hint)
        var counters = PushRunCounters()
        let window = context.settings.push.retryWindow
        var createdAt: [Int: Date] = [:]
        var entries: [PushNews.Entry] = []
        var expired: [Int] = []
        var skipped: [Int] = []
        var unreadable: [Int] = []
        let now = clock.now
        for pending in pending {
            let item = pending.item
            createdAt[item.id] = item.createdAt
            guard item.createdAt.addingTimeInterval(window) >= now else {
                expired.append(item.id)
                continue
            }
            guard let content = item.content else {
                unreadable.append(item.id)
                continue
            }
            let change: DriverChangeKind? =
                if case .change(let payload) = content { payload.kind } else { nil }
            guard channel.news.contains(NewsKinds.of(item.section, driverChange: change)) else {
                skipped.append(item.id)
                continue
            }
            entries.append(PushNews.Entry(itemId: item.id, content: content))
        }
        try await repos.pushDeliveries.mark(
            channelId: channel.id, itemIds: expired, status: .dropped, nextAttemptAt: nil,
            reason: "the retry window passed", now: now)
        try await repos.pushDeliveries.mark(
            channelId: channel.id, itemIds: unreadable, status: .dropped, nextAttemptAt: nil,
            reason: "unreadable item", now: now)
        try await repos.pushDeliveries.mark(
            channelId: channel.id, itemIds: skipped, status: .skipped, nextAttemptAt: nil, reason: nil, now: now)
        counters.itemsDropped += expired.count + unreadable.count
        if !expired.isEmpty {
            log.warning(
                "push items dropped: the retry window passed", metadata: ["items": .stringConvertible(expired.count)])
        }
        guard !entries.isEmpty else { return counters }

        let news = PushNews(entries: entries, names: names, timeZone: destination.timeZone)
        for post in transport.posts(for: news, to: channel) {
            try await context.checkpoint(.beforePush(channelId: channel.id))
            try await repos.pushDeliveries.markSending(channelId: channel.id, itemIds: post.itemIds, now: clock.now)
            try await context.checkpoint(.pushSending(channelId: channel.id))
            let outcome = await transport.send(post, to: channel)
            let after = clock.now
            switch outcome {
            case .delivered:
                try await repos.pushDeliveries.mark(
                    channelId: channel.id, itemIds: post.itemIds, status: .sent, nextAttemptAt: nil, reason: nil,
                    now: after)
                counters.postsSent += 1
                counters.itemsDelivered += post.itemIds.count
            case .retryLater(let retryAfter, let reason):
                let nextAttempt = after.addingTimeInterval(max(0, retryAfter ?? 0))
                let late = post.itemIds.filter {
                    (createdAt[$0] ?? after).addingTimeInterval(window) < nextAttempt
                }
                let waiting = post.itemIds.filter { !late.contains($0) }
                try await repos.pushDeliveries.mark(
                    channelId: channel.id, itemIds: waiting, status: .retry, nextAttemptAt: nextAttempt,
                    reason: reason, now: after)
                try await repos.pushDeliveries.mark(
                    channelId: channel.id, itemIds: late, status: .dropped, nextAttemptAt: nil,
                    reason: "the retry window passed (\(reason))", now: after)
                counters.postsDeferred += 1
                counters.itemsDropped += late.count
                log.notice("push post deferred to a later run", metadata: ["reason": .string(reason)])
                return counters
            case .gone(let reason):
                // Not delivered: the items are due again if the player adds the channel back.
                try await repos.pushDeliveries.forget(channelId: channel.id, itemIds: post.itemIds)
                if try await repos.pushDeliveries.disableChannel(id: channel.id, reason: reason, now: after) {
                    counters.channelsDisabled += 1
                }
                log.warning("push channel disabled", metadata: ["reason": .string(reason)])
                return counters
            case .rejected(let reason):
                try await repos.pushDeliveries.mark(
                    channelId: channel.id, itemIds: post.itemIds, status: .dropped, nextAttemptAt: nil,
                    reason: reason, now: after)
                counters.itemsDropped += post.itemIds.count
                log.error(
                    "push post refused by the far side; its items are dropped", metadata: ["reason": .string(reason)])
            case .inDoubt(let reason):
                try await repos.pushDeliveries.mark(
                    channelId: channel.id, itemIds: post.itemIds, status: .inDoubt, nextAttemptAt: nil,
                    reason: reason, now: after)
                counters.itemsInDoubt += post.itemIds.count
                log.warning("push post in doubt; not sent again", metadata: ["reason": .string(reason)])
            }
        }
        return counters
    }
}
