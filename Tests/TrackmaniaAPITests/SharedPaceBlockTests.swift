import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

/// The shared pace hands slots out a block at a time (one database round trip per block, not per
/// request) without ever sending more than its rate: the slots of a block stay one interval apart, a
/// slot left unused past its interval is dropped, and a pause drops what it covers.
@Suite struct SharedPaceBlockTests {
    /// The `trackmania_pace` ledger's arithmetic in memory, counting the reservations it is asked for.
    actor Ledger: TrackmaniaPaceRepository {
        private(set) var reservations: [Int] = []
        private var next = ContinuousClock.now

        func reserveSlots(lane: String, interval: Duration, count: Int) async throws -> Duration {
            reservations.append(count)
            let now = ContinuousClock.now
            let first = max(now, next)
            next = first + interval * count
            return first - now
        }

        func pause(lane: String, for delay: Duration) async throws {
            next = max(next, .now + delay)
        }
    }

    /// At 100 requests per second a block is ten slots: ten acquisitions ask the ledger for blocks of
    /// ten (once on an idle machine; again only where a starved caller let a slot expire), and the ten
    /// are still paced: they cannot all pass at once.
    @Test func oneRoundTripServesABlockOfPacedSlots() async throws {
        let ledger = Ledger()
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 100, shared: ledger)
        let start = ContinuousClock.now
        for _ in 0..<10 { try await limiter.acquire() }
        let elapsed = ContinuousClock.now - start
        let reservations = await ledger.reservations
        #expect(reservations.first == 10 && reservations.allSatisfy { $0 == 10 }, "\(reservations)")
        // Nine intervals between the first slot and the tenth (a lower bound: a slow machine only adds,
        // and a block reserved after an expired slot starts after the previous block ends).
        #expect(elapsed >= .milliseconds(89), "ten slots passed in \(elapsed)")
    }

    /// A slot nobody took within its own interval is not sent late (it could land next to the
    /// following slot): the next caller reserves a fresh block.
    @Test func aSlotLeftUnusedPastItsIntervalIsDropped() async throws {
        let ledger = Ledger()
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 100, shared: ledger)
        try await limiter.acquire()
        // Longer than the whole block's span (100 ms): every reserved slot has expired.
        try await Task.sleep(for: .milliseconds(250))
        try await limiter.acquire()
        #expect(await ledger.reservations == [10, 10])
    }

    /// A pause (the upstream's Retry-After) drops the reserved slots it covers; the next slot comes
    /// from the ledger, which the pause moved.
    @Test func aPauseDropsTheSlotsItCovers() async throws {
        let ledger = Ledger()
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 100, shared: ledger)
        try await limiter.acquire()
        let start = ContinuousClock.now
        await limiter.pause(for: .milliseconds(300))
        try await limiter.acquire()
        #expect(await ledger.reservations == [10, 10])
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    /// At the default rates a block is one slot: every request asks the ledger, as before blocks.
    @Test func lowRatesReserveOneSlotAtATime() async throws {
        let ledger = Ledger()
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 5, shared: ledger)
        try await limiter.acquire()
        try await limiter.acquire()
        #expect(await ledger.reservations == [1, 1])
    }
}
