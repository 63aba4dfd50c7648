import Foundation
import RecordsCore
import Testing

@testable import Storage

/// Lets a test wait until a lock holder is inside its body.
actor Latch {
    private var opened = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        opened = true
        waiters.forEach { $0.resume() }
        waiters = []
    }

    func wait() async {
        if opened { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

extension StorageSuite {
    @Suite struct LockTests {
        @Test(arguments: Backend.testable)
        func secondHolderIsRefusedUntilRelease(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let inside = Latch()
                let release = Latch()
                async let holder: Int? = db.withLock("daily-run") {
                    await inside.open()
                    await release.wait()
                    return 1
                }
                await inside.wait()
                let refused = try await db.withLock("daily-run") { 2 }
                #expect(refused == nil)
                let other = try await db.repositories.locks.withLock("another-lock") { 3 }
                #expect(other == 3)
                await release.open()
                #expect(try await holder == 1)
                #expect(try await db.withLock("daily-run") { 4 } == 4)
            }
        }

        @Test(arguments: Backend.testable)
        func lockExcludesAnotherInstance(backend: Backend) async throws {
            try await TestDatabase.withTwoInstances(backend) { first, second in
                let inside = Latch()
                let release = Latch()
                async let holder: Int? = first.withLock("daily-run") {
                    await inside.open()
                    await release.wait()
                    return 1
                }
                await inside.wait()
                let refused = try await second.withLock("daily-run") { 2 }
                #expect(refused == nil)
                await release.open()
                #expect(try await holder == 1)
                let taken = try await second.withLock("daily-run") { 3 }
                #expect(taken == 3)
            }
        }

        @Test(arguments: Backend.testable)
        func lockIsReleasedWhenTheBodyThrows(backend: Backend) async throws {
            struct Boom: Error {}
            try await TestDatabase.with(backend) { db in
                await #expect(throws: Boom.self) {
                    _ = try await db.withLock("throwing") { () async throws -> Int in throw Boom() }
                }
                let value = try await db.withLock("throwing") { 5 }
                #expect(value == 5)
            }
        }
    }
}
