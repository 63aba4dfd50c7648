import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The shared Trackmania send-slot ledger (`trackmania_pace`), on both stores.
    @Suite struct TrackmaniaPaceRepositoryTests {
        @Test(arguments: Backend.testable)
        func slotsAreHandedOutOneIntervalApart(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let pace = db.trackmaniaPace
                // A long interval, so the test's own run time cannot blur which slot is which.
                let interval = Duration.seconds(100)
                let waits = try await (0..<3).asyncMap { _ in try await pace.reserveSlot(lane: "a", interval: interval)
                }
                #expect(waits[0] == .zero)
                #expect(waits[1] > .seconds(95) && waits[1] <= .seconds(100))
                #expect(waits[2] > .seconds(195) && waits[2] <= .seconds(200))
                // Lanes are independent.
                #expect(try await pace.reserveSlot(lane: "b", interval: interval) == .zero)
            }
        }

        /// A block of slots moves the lane on by all of them at once; its span is rounded up to the
        /// ledger's milliseconds, so the next block never starts inside this one.
        @Test(arguments: Backend.testable)
        func aBlockTakesAllItsSlotsAtOnce(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let pace = db.trackmaniaPace
                let interval = Duration.seconds(100)
                #expect(try await pace.reserveSlots(lane: "block", interval: interval, count: 3) == .zero)
                let wait = try await pace.reserveSlot(lane: "block", interval: interval)
                #expect(wait > .seconds(295) && wait <= .seconds(300))
            }
            #expect(SQLTrackmaniaPaceRepository.millisecondsRoundedUp(.microseconds(10_417) * 9) == 94)
            #expect(SQLTrackmaniaPaceRepository.millisecondsRoundedUp(.milliseconds(10) * 3) == 30)
        }

        @Test(arguments: Backend.testable)
        func concurrentReservationsGetDistinctSlots(backend: Backend) async throws {
            try await TestDatabase.withTwoInstances(backend) { first, second in
                let interval = Duration.seconds(100)
                let waits = try await withThrowingTaskGroup(of: Duration.self) { group in
                    for index in 0..<8 {
                        let pace = (index % 2 == 0 ? first : second).trackmaniaPace
                        group.addTask { try await pace.reserveSlot(lane: "shared", interval: interval) }
                    }
                    return try await group.reduce(into: [Duration]()) { $0.append($1) }
                }
                // Eight reservations, eight different slots: 0, 100, …, 700 s ahead (less the time taken).
                let slots = Set(waits.map { Int((Double($0.components.seconds) / 100).rounded(.up)) })
                #expect(slots == Set(0..<8))
            }
        }

        @Test(arguments: Backend.testable)
        func aPausePushesTheNextSlot(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let pace = db.trackmaniaPace
                try await pace.pause(lane: "p", for: .seconds(60))
                let wait = try await pace.reserveSlot(lane: "p", interval: .milliseconds(500))
                #expect(wait > .seconds(55) && wait <= .seconds(60))
                // A shorter pause never pulls the slot back.
                try await pace.pause(lane: "p", for: .seconds(1))
                #expect(try await pace.reserveSlot(lane: "p", interval: .milliseconds(500)) > .seconds(55))
            }
        }
    }
}

extension Sequence where Element: Sendable {
    /// Maps one element after the other (order matters for slot tests).
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
