import Foundation
import RecordsCore
import Testing

/// `EMAIL_CONFIRMATION`: a digest waits, its items pending and untouched, until the address is
/// confirmed, and then goes out whole. Part of the serialized story suite (see DigestPreferencesTests).
extension DailyRunStoryTests {
    @Test(arguments: Backend.testable)
    func digestsWaitForAConfirmedAddressAndLoseNothing(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let mapper = try #require(try await h.repositories.users.user(loginIdentifier: "MapperA"))
            try await h.repositories.selfHelp.requireConfirmation(
                userId: mapper.id, email: mapper.email, now: h.clock.now)
            var settings = DailyHarness.settings
            settings.emailConfirmation = true

            let first = try await h.run(settings: settings)
            let held = await h.mailer.drain()
            #expect(!held.contains { $0.to == mapper.email })
            #expect(first.emailsSent == held.count)
            let pending = try await h.repositories.dailyDigests.pendingItems(userId: mapper.id)
            #expect(!pending.isEmpty)

            #expect(try await h.repositories.selfHelp.confirm(userId: mapper.id, now: h.clock.now))
            try await h.run(settings: settings)
            let mail = try #require(await h.mailer.drain().first { $0.to == mapper.email })
            #expect(mail.text.contains("Player"))
            #expect(try await h.repositories.dailyDigests.pendingItems(userId: mapper.id).isEmpty)
        }
    }

    @Test(arguments: Backend.testable)
    func withConfirmationOffNothingWaits(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let mapper = try #require(try await h.repositories.users.user(loginIdentifier: "MapperA"))
            try await h.repositories.selfHelp.requireConfirmation(
                userId: mapper.id, email: mapper.email, now: h.clock.now)
            try await h.run()
            #expect(await h.mailer.drain().contains { $0.to == mapper.email })
        }
    }
}
