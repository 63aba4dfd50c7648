import Foundation

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
