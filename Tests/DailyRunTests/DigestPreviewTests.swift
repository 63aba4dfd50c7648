import Foundation
import RecordsCore
import StoreTestSupport
import Testing

/// ``DigestPreview`` shows the digest the next run sends, exactly, and changes nothing.
@Suite(.serialized) struct DigestPreviewTests {
    @Test(arguments: Backend.testable)
    func thePreviewIsTheNextDigestAndChangesNothing(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let preview = DigestPreview(
                repositories: h.repositories, settings: DailyHarness.settings, preferenceLinks: nil, clock: h.clock)
            guard case .unknownUser = try await preview.preview(user: "nobody") else {
                Issue.record("an unknown user was previewed")
                return
            }
            try await h.run()
            _ = await h.mailer.drain()
            guard case .nothingPending(0) = try await preview.preview(user: "MapperA") else {
                Issue.record("a delivered digest was previewed again")
                return
            }
            // Today's digest went out: a new record waits for tomorrow's, and the preview says so.
            try await h.submit("A1", player: 50, score: 35_000)
            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
            let pending = try await h.pendingItemCount()
            guard case .digest(let today, 1, true) = try await preview.preview(user: "mappera@example.com") else {
                Issue.record("no digest previewed for the waiting item")
                return
            }
            #expect(today.message.subject == "1 new record on Alpha <One>")
            #expect(today.message.text.contains("  #11 Player50 · 35.000 · France · "))

            h.clock.advance(days: 1)
            guard case .digest(let next, 1, false) = try await preview.preview(user: "MapperA") else {
                Issue.record("no digest previewed for tomorrow")
                return
            }
            #expect(try await h.pendingItemCount() == pending)
            try await h.run()
            let mail = try #require(await h.mailer.drain().to("MapperA"))
            #expect(mail == next.message)
        }
    }

    /// With `EMAIL_CONFIRMATION` on, the digest of an unconfirmed address is shown as waiting (the send
    /// phase skips the user), and as the next digest once the address is confirmed.
    @Test(arguments: Backend.testable)
    func anUnconfirmedAddressIsShownAsWaiting(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            var settings = DailyHarness.settings
            settings.emailConfirmation = true
            let preview = DigestPreview(
                repositories: h.repositories, settings: settings, preferenceLinks: nil, clock: h.clock)
            let user = try #require(try await h.repositories.users.user(loginIdentifier: "MapperA"))
            try await h.repositories.selfHelp.requireConfirmation(userId: user.id, email: user.email, now: h.clock.now)
            try await h.run(settings: settings)
            #expect(await h.mailer.drain().to("MapperA") == nil)
            guard case .awaitingConfirmation(_, let items) = try await preview.preview(user: "MapperA") else {
                Issue.record("the waiting digest was not previewed as waiting")
                return
            }
            #expect(items > 0)
            #expect(try await h.repositories.selfHelp.confirm(userId: user.id, now: h.clock.now))
            guard case .digest = try await preview.preview(user: "MapperA") else {
                Issue.record("no digest previewed after the confirmation")
                return
            }
        }
    }
}
