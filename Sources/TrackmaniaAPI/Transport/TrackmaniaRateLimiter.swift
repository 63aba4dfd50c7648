import Logging
import RecordsCore

/// Paces all outbound Trackmania traffic: one shared instance hands out evenly spaced send slots.
///
/// Nadeo asks for at most about 2 requests per second; every attempt (retries and token calls included)
/// takes a slot. A 429 with `Retry-After` pushes the next slot out for everyone, because the upstream
/// is telling the whole account to slow down, not one caller.
///
/// With a ``TrackmaniaPaceRepository`` (PostgreSQL) the slots come from the database, so several
/// instances on one database share one pace. If the database cannot hand out a slot, the
/// in-process slots take over for that request (this instance alone then stays within the rate).
/// At high rates one database round trip per request would cap the pace itself (a round trip that
/// takes longer than an interval loses the slot), so slots are reserved a block at a time, about
/// a tenth of a second's worth, and handed out here one interval apart; a slot not used within its
/// own interval is dropped, never sent late, so no window ever holds more sends than the rate allows.
///
/// A second limiter over another lane (``mapSearchLane``) caps one kind of work to a share of the
/// budget: its callers acquire a slot there first and then pass the process-wide limiter as usual.
public actor TrackmaniaRateLimiter: UpstreamPace {
    /// The `trackmania_pace` lane every instance shares.
    public static let sharedLane = "trackmania"
    /// The lane of the map-search worker's share.
    public static let mapSearchLane = "map_search"

    private let lane: String
    private let interval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: ContinuousClock.Instant
    private let shared: (any TrackmaniaPaceRepository)?
    private let logger: Logger?
    /// Whether the last shared reservation failed (logged once per outage, not per request).
    private var sharedFailing = false
    private let metrics: RecordsMetrics
    /// Interactive callers waiting for their slot right now.
    private var interactiveWaiting = 0
    /// Shared slots reserved and not yet handed out, earliest first.
    private var reserved: [ContinuousClock.Instant] = []
    /// How many shared slots one reservation takes.
    private let blockSize: Int

    /// - Parameters:
    ///   - requestsPerSecond: The sustained rate; slots are `1/requestsPerSecond` apart.
    ///   - shared: Slots shared by every instance on one database, or `nil` to pace this process only.
    ///   - lane: The `trackmania_pace` lane of the shared slots (``sharedLane`` for all traffic).
    ///   - logger: Reports a failing shared pace.
    ///   - metrics: Records how long each caller waits for its slot.
    public init(
        requestsPerSecond: Double, shared: (any TrackmaniaPaceRepository)? = nil, lane: String = sharedLane,
        logger: Logger? = nil, metrics: RecordsMetrics = .disabled
    ) {
        self.lane = lane
        self.metrics = metrics
        interval = requestsPerSecond > 0 ? .seconds(1 / requestsPerSecond) : .zero
        blockSize = max(1, min(64, Int(requestsPerSecond / 10)))
        nextSlot = clock.now
        self.shared = shared
        self.logger = logger
    }

    /// Waits for the next free slot.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    public func acquire() async throws {
        // Interactive callers go first: background work (``UpstreamPriority``) waits while any waits.
        let background = UpstreamPriority.isBackground
        if background {
            while interactiveWaiting > 0 { try await Task.sleep(for: max(interval, .milliseconds(5))) }
        } else {
            interactiveWaiting += 1
        }
        defer { if !background { interactiveWaiting -= 1 } }
        let wait = try await reserveShared() ?? reserve()
        metrics.trackmaniaLimiterWait(wait)
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }

    /// Delays every later slot until `delay` from now has passed.
    /// - Parameter delay: How long the upstream asked us to wait.
    public func pause(for delay: Duration) async {
        let until = clock.now + delay
        if until > nextSlot { nextSlot = until }
        reserved.removeAll { $0 < until }
        if let shared {
            do {
                try await shared.pause(lane: lane, for: delay)
            } catch {
                logger?.warning("could not share a Trackmania pause", metadata: ["error": "\(type(of: error))"])
            }
        }
    }

    /// A slot from the shared ledger, or `nil` when there is none or it failed.
    private func reserveShared() async throws -> Duration? {
        guard let shared, interval > .zero else { return nil }
        if let wait = takeReserved() { return wait }
        do {
            let wait = try await shared.reserveSlots(lane: lane, interval: interval, count: blockSize)
            let first = clock.now + wait
            reserved.append(contentsOf: (1..<blockSize).map { first + interval * $0 })
            // Another caller's block may have come back while this one waited for its own.
            reserved.sort()
            if sharedFailing {
                sharedFailing = false
                logger?.notice("shared Trackmania pacing works again")
            }
            return wait
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if !sharedFailing {
                sharedFailing = true
                logger?.warning(
                    "shared Trackmania pacing failed; pacing this instance on its own",
                    metadata: ["error": "\(type(of: error))"])
            }
            return nil
        }
    }

    /// The wait for the earliest reserved slot still usable: a slot whose interval has passed unused is
    /// dropped, since sending in it late could put two sends closer than one interval.
    private func takeReserved() -> Duration? {
        let now = clock.now
        while let slot = reserved.first {
            reserved.removeFirst()
            if slot + interval > now { return max(.zero, slot - now) }
        }
        return nil
    }

    private func reserve() -> Duration {
        let now = clock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot - now
    }
}
