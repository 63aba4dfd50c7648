import Foundation
import RecordsCore
import Testing

/// The email side of the preference page: pauses, news routed away from email, the reader's time zone,
/// the preference and one-click unsubscribe links, and channels disabled since the last digest.
/// Part of the serialized story suite: each case holds a store pool and a fake service, and more of
/// those at once than the other daily-run suites already run only slows every one of them down.
extension DailyRunStoryTests {
    enum DigestPreferences {
        static let links = PreferenceLinks(
            key: PreferenceLinks.derivedKey(jwtSecret: "daily-tests-secret-0123456789abcdef"),
            baseURL: "https://records.example.com", lifetime: 30 * 86_400, mailtoAddress: "digest@example.com")
    }

    func preferencesUser(_ h: DailyHarness, _ name: String) async throws -> User {
        try #require(try await h.repositories.users.user(loginIdentifier: name))
    }

    @Test(arguments: Backend.testable)
    func pausedDigestsSettleTheirItemsSoResumingBringsNoBacklog(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let mapper = try await preferencesUser(h, "MapperA")
            try await h.repositories.preferences.setDigestPaused(userId: mapper.id, paused: true, now: h.clock.now)
            let first = try await h.run(preferenceLinks: DigestPreferences.links)
            #expect(await h.mailer.drain().isEmpty)
            #expect(first.emailsSent == 0)
            #expect(try await h.repositories.dailyDigests.pendingItems(userId: mapper.id).isEmpty)

            try await h.repositories.preferences.setDigestPaused(userId: mapper.id, paused: false, now: h.clock.now)
            h.clock.advance(days: 1)
            try await h.submit("A1", player: 50, score: 35_000)
            try await h.run(preferenceLinks: DigestPreferences.links)
            let mails = await h.mailer.drain()
            let mail = try #require(mails.first { $0.to == mapper.email })
            #expect(mail.text.contains("Player50"))
            #expect(!mail.text.contains("Player0\n"))
        }
    }

    @Test(arguments: Backend.testable)
    func newsRoutedAwayFromEmailIsNotMailed(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let mapper = try await preferencesUser(h, "MapperA")
            try await h.repositories.preferences.save(
                userId: mapper.id, digestPaused: false, timeZone: "UTC", emailNews: [.driverBeaten, .driverImproved],
                now: h.clock.now)
            try await h.run(preferenceLinks: DigestPreferences.links)
            #expect(await h.mailer.drain().isEmpty)
            #expect(try await h.repositories.dailyDigests.pendingItems(userId: mapper.id).isEmpty)
        }
    }

    @Test(arguments: Backend.testable)
    func digestsCarryTheirLinksZoneAndDisabledChannelsOnce(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let mapper = try await preferencesUser(h, "MapperA")
            try await h.repositories.preferences.save(
                userId: mapper.id, digestPaused: false, timeZone: "Asia/Kolkata", emailNews: .all, now: h.clock.now)
            let channel = try #require(
                try await h.repositories.pushChannels.add(
                    userId: mapper.id, kind: .ntfy, target: "mapper-news", accessToken: nil, news: .all, maxPerKind: 5,
                    now: h.clock.now))
            try await h.repositories.pushChannels.disable(
                channelId: channel.id, reason: "ntfy answered 403", now: h.clock.now)
            try await h.run(preferenceLinks: DigestPreferences.links)
            let mail = try #require(await h.mailer.drain().first { $0.to == mapper.email })

            let headers = Dictionary(uniqueKeysWithValues: mail.headers.map { ($0.name, $0.value) })
            let unsubscribe = try #require(headers["List-Unsubscribe"])
            #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            #expect(unsubscribe.hasPrefix("<https://records.example.com/preferences/"))
            #expect(unsubscribe.hasSuffix("/unsubscribe>, <mailto:digest@example.com?subject=unsubscribe>"))
            let token = String(
                unsubscribe.dropFirst("<https://records.example.com/preferences/".count).prefix { $0 != "/" })
            let claims = try DigestPreferences.links.verify(token, now: h.clock.now)
            #expect(claims.userId == mapper.id && claims.generation == 0)

            #expect(mail.text.contains("https://records.example.com/preferences/\(token)\n"))
            #expect(
                mail.text.contains(
                    "Unsubscribe (pauses the daily email at once): https://records.example.com/preferences/\(token)/unsubscribe"
                ))
            #expect(mail.text.contains("Dates are shown in Asia/Kolkata."))
            #expect(mail.text.contains(" Asia/Kolkata\n"))
            #expect(!mail.text.contains(" UTC\n"))
            #expect(mail.html?.contains("href=\"https://records.example.com/preferences/\(token)\"") == true)
            #expect(mail.text.contains("- ntfy topic mapper-news: ntfy answered 403"))
            #expect(mail.html?.contains("<li>ntfy topic mapper-news: ntfy answered 403</li>") == true)

            // Told once: the next digest does not repeat it.
            h.clock.advance(days: 1)
            try await h.submit("A1", player: 50, score: 35_000)
            try await h.run(preferenceLinks: DigestPreferences.links)
            let next = try #require(await h.mailer.drain().first { $0.to == mapper.email })
            #expect(!next.text.contains("mapper-news"))
        }
    }
}

struct DigestPreferencesTests {
    @Test func withoutLinksOrWithHttpLinks() {
        let composer = DigestComposer(maxNewRecordsPerMap: 20, popularMapMessage: "busy")
        let record = MapperRecordPayload(
            mapUid: "M", mapName: "Map", accountId: "a", zoneName: "World", position: 1, score: 30_000,
            timestamp: 1_700_000_000, improved: false)
        let plain = composer.compose(username: "ann", email: "ann@x.io", records: [record], changes: [], names: [:])
        #expect(plain.message.headers.isEmpty)
        #expect(plain.message.text.hasSuffix("--\nDates are shown in UTC."))
        let http = composer.compose(
            username: "ann", email: "ann@x.io", records: [record], changes: [], names: [:],
            extras: DigestComposer.Extras(
                preferencesURL: "http://localhost:3000/preferences/t", unsubscribeURL: "http://localhost:3000/x"))
        // RFC 8058's one-click POST is for https links only.
        #expect(http.message.headers.map(\.name) == ["List-Unsubscribe"])
    }
}

/// The unsubscribe headers and the footer as a real SMTP receiver gets them from the production mailer.
extension DailyRunOverSMTPTests {
    @Test(arguments: Backend.testable)
    func unsubscribeHeadersAndFooterArrive(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            let outcome = try await h.coordinator(preferenceLinks: DailyRunStoryTests.DigestPreferences.links).runNow()
            guard case .finished(let report) = outcome else {
                Issue.record("run did not finish: \(outcome)")
                return
            }
            #expect(report.emailsSent == 1)
            let mail = try #require(await h.smtp.take().to("MapperA"))
            let unsubscribe = try #require(mail.header("List-Unsubscribe"))
            #expect(unsubscribe.hasPrefix("<https://records.example.com/preferences/"))
            #expect(unsubscribe.contains("/unsubscribe>, <mailto:digest@example.com?subject=unsubscribe>"))
            #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(mail.plain.contains("Unsubscribe (pauses the daily email at once): https://records.example.com/"))
            #expect(mail.html.contains(">Unsubscribe</a>"))
        }
    }
}
