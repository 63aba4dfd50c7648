import Foundation
import Logging

/// The knobs of the push phase, read from the configuration by the composition root.
public struct PushSettings: Sendable, Equatable {
    /// How long an item may wait for a channel that is down (429, 5xx, unreachable): after it, the
    /// item is dropped for that channel and counted.
    public var retryWindow: TimeInterval
    /// Channels served at once (each channel's own posts go one after another, paced by the transport).
    public var concurrency: Int
    /// Items read per channel and run; the rest wait for the next run.
    public var maxItemsPerChannel: Int

    public init(retryWindow: TimeInterval = 48 * 3600, concurrency: Int = 8, maxItemsPerChannel: Int = 200) {
        self.retryWindow = retryWindow
        self.concurrency = concurrency
        self.maxItemsPerChannel = maxItemsPerChannel
    }
}

/// What the push phase of one run did (`DailyRunReport.push`).
public struct PushRunCounters: Sendable, Codable, Equatable {
    /// Channels that had something due.
    public var channels = 0
    /// Posts the far side accepted.
    public var postsSent = 0
    /// Digest items those posts carried.
    public var itemsDelivered = 0
    /// Posts left for a later run (429, 5xx, unreachable), within the retry window.
    public var postsDeferred = 0
    /// Items given up for a channel (the retry window passed, or the far side refused the message).
    public var itemsDropped = 0
    /// Items of posts cut short (a crash mid-post, or no answer): never sent again.
    public var itemsInDoubt = 0
    /// Channels disabled because the far side said they are gone.
    public var channelsDisabled = 0

    public init() {}

    mutating func add(_ other: PushRunCounters) {
        channels += other.channels
        postsSent += other.postsSent
        itemsDelivered += other.itemsDelivered
        postsDeferred += other.postsDeferred
        itemsDropped += other.itemsDropped
        itemsInDoubt += other.itemsInDoubt
        channelsDisabled += other.channelsDisabled
    }
}

extension DailyRunner {
    /// Delivers every due digest item to the push channels that want it, right away (the email digest
    /// stays once a day). Each post is recorded as `sending` in the ledger before it leaves, so a run
    /// cut short never sends it again; what the far side could not take now waits for a later run,
    /// within ``PushSettings/retryWindow``.
    /// - Throws: Store failures and whatever ``checkpoint`` throws; transport failures are counted.
    func pushPhase(report: inout DailyRunReport, log: Logger) async throws {
        guard let transport = services.push else { return }
        report.phase = .push
        let repos = repositories
        var counters = PushRunCounters()
        counters.itemsInDoubt += try await repos.pushDeliveries.settleInterrupted(now: clock.now)
        if counters.itemsInDoubt > 0 {
            log.warning(
                "push posts cut short by an earlier run are in doubt and not sent again",
                metadata: ["items": .stringConvertible(counters.itemsInDoubt)])
        }
        let destinations = try await repos.pushDeliveries.destinationsWithDueItems(now: clock.now)
        counters.channels = destinations.count
        guard !destinations.isEmpty else {
            report.push = counters
            return
        }

        // Every display name the messages show, asked for at once, as the email does. Items are read
        // twice rather than all held at once: memory stays flat however many channels wait.
        let limit = max(1, settings.push.maxItemsPerChannel)
        var wanted = Set<String>()
        for destination in destinations {
            for pending in try await repos.pushDeliveries.dueItems(
                channel: destination.channel, now: clock.now, limit: limit)
            {
                switch Self.content(of: pending.item) {
                case .record(let record)?: wanted.insert(record.accountId)
                case .change(let change)?: wanted.formUnion(change.passedBy)
                case nil: break
                }
            }
        }
        let names = try await pushNames(Array(wanted).sorted(), report: &report, log: log)

        let phase = self
        try await withThrowingTaskGroup(of: PushRunCounters.self) { group in
            var next = destinations.makeIterator()
            func addNext() -> Bool {
                guard let destination = next.next() else { return false }
                group.addTask {
                    let items = try await repos.pushDeliveries.dueItems(
                        channel: destination.channel, now: phase.clock.now, limit: limit)
                    return try await phase.deliver(
                        items, to: destination, names: names, transport: transport, log: log)
                }
                return true
            }
            for _ in 0..<max(1, settings.push.concurrency) where addNext() {}
            while let done = try await group.next() {
                counters.add(done)
                _ = addNext()
            }
        }
        report.push = counters
    }

    /// Delivers one channel's due items, post after post; stops at the first post the far side
    /// cannot take now (the rest waits for the next run).
    private func deliver(
        _ pending: [PushPendingItem], to destination: PushDestination, names: [String: String],
        transport: any PushTransport, log: Logger
    ) async throws -> PushRunCounters {
        let repos = repositories
        let channel = destination.channel
        var log = log
        log[metadataKey: "push-channel"] = .stringConvertible(channel.id)
        log[metadataKey: "push-target"] = .string(channel.hint)
        var counters = PushRunCounters()
        let window = settings.push.retryWindow
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
            guard let content = Self.content(of: item) else {
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
            try await checkpoint(.beforePush(channelId: channel.id))
            try await repos.pushDeliveries.markSending(channelId: channel.id, itemIds: post.itemIds, now: clock.now)
            try await checkpoint(.pushSending(channelId: channel.id))
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

    /// Display names for the push messages: fresh ones from the directory, any cached name when it fails.
    private func pushNames(_ ids: [String], report: inout DailyRunReport, log: Logger) async throws
        -> [String: String]
    {
        guard !ids.isEmpty else { return [:] }
        let fresh = clock.now.addingTimeInterval(-settings.displayNameLifetime)
        let cached = try await repositories.displayNames.displayNames(accountIds: ids, freshSince: fresh)
        // Ids the OAuth API did not know are remembered too and cost no call either.
        let unknown =
            ids.count - cached.count
            - (try await repositories.displayNames.unknownIds(accountIds: ids, freshSince: fresh)).count
        guard unknown > 0 else { return cached }
        report.trackmaniaCalls += (unknown + 49) / 50
        do {
            return try await services.directory.displayNames(accountIds: ids)
        } catch {
            log.warning("display names unavailable for push; cached names are used")
            return try await repositories.displayNames.displayNames(accountIds: ids, freshSince: .distantPast)
        }
    }

    /// The decoded payload of a digest item, `nil` when it cannot be read.
    static func content(of item: DigestItem) -> PushNews.Entry.Content? {
        switch item.section {
        case .mapper: PayloadCoding.decode(MapperRecordPayload.self, item.payload).map { .record($0) }
        case .driver: PayloadCoding.decode(DriverChangePayload.self, item.payload).map { .change($0) }
        }
    }
}
